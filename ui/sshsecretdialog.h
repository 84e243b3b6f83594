#pragma once

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;

namespace Proto {

// Asks for an SSH password or key passphrase (no echo), with "Remember in the keychain" when
// the registry can remember it (disabled, with the reason, when there is no keychain), and a
// line saying so when the remembered one was refused.
class SshSecretDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SshSecretDialog)

public:
    SshSecretDialog(const QString &title, const QString &question, QWidget *parent = nullptr);
    ~SshSecretDialog() override;

    // keychain: whether a keychain is there; checked: the box's initial state.
    void setRememberOffered(bool keychain, bool checked);
    void setProblem(const QString &message); // e.g. "The remembered password was refused."

    QString secret() const;
    bool remember() const;

private:
    QLabel *m_problem = nullptr;
    QLineEdit *m_secret = nullptr;
    QCheckBox *m_remember = nullptr;
    QLabel *m_noKeychain = nullptr;
};

} // namespace Proto
