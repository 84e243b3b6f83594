#pragma once

#include "machine.h"

#include <QPointer>
#include <QString>
#include <QWidget>

class QCheckBox;
class QFrame;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;

namespace Proto {

class CodeEditor;

// One file of a machine open for viewing and editing: read through Machine::readFile,
// saved with Ctrl+S through Machine::writeFile (atomic), refused with a message (and the
// offer to download it instead) when it is binary or too large. When the file changes on
// the machine (an agent's edit) it reloads, or asks first if there are unsaved edits.
class FileEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FileEditor)

public:
    enum class State
    {
        Loading,
        Editing,
        Refused,
        Failed
    };
    Q_ENUM(State)

    FileEditor(Machine *machine, const QString &path, QWidget *parent = nullptr);
    ~FileEditor() override;

    QString path() const { return m_path; }
    QString fileName() const;
    State state() const { return m_state; }
    QString message() const; // the refusal or failure shown, or the pending-change notice
    bool isModified() const;
    bool isSaving() const { return m_saving; }
    bool hasPendingExternalChange() const { return m_externalChangePending; }
    CodeEditor *editor() const { return m_editor; }
    QString text() const; // with the file's own line endings

public Q_SLOTS:
    void load();
    bool save();
    // The file changed on the machine: reload now, or ask when there are unsaved edits.
    void fileChangedOnMachine();
    void discardAndReload();
    void keepLocalEdits();
    void showFind();
    void findNext();
    void findPrevious();

Q_SIGNALS:
    void loaded();
    void saved();
    void saveFailed(const QString &error);
    void modificationChanged(bool modified);
    void stateChanged(Proto::FileEditor::State state);
    void downloadRequested(const QString &path);

private:
    void setState(State state, const QString &message = {});
    void readContent();
    void showContent(const QByteArray &data);
    void find(bool backwards);

    QPointer<Machine> m_machine;
    QString m_path;
    State m_state = State::Loading;
    bool m_crlf = false;
    bool m_saving = false;
    bool m_externalChangePending = false;
    int m_loadGeneration = 0;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_loadingLabel = nullptr;
    QWidget *m_messagePage = nullptr;
    QLabel *m_messageLabel = nullptr;
    QPushButton *m_downloadButton = nullptr;
    QWidget *m_editorPage = nullptr;
    QFrame *m_changeBar = nullptr;
    QLabel *m_changeLabel = nullptr;
    CodeEditor *m_editor = nullptr;
    QFrame *m_findBar = nullptr;
    QLineEdit *m_findEdit = nullptr;
    QCheckBox *m_findCase = nullptr;
    QLabel *m_statusLabel = nullptr;
};

} // namespace Proto
