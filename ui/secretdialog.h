#pragma once

#include <QDialog>

#include <memory>

namespace Proto {

namespace Ui {
class SecretDialog;
}

// Asks for a secret without echo: an SSH password or key passphrase, a VNC password. A line
// above says what went wrong last time (a refused password); "Remember in the keychain" is
// offered when the caller can store the answer, disabled with the reason when no keychain
// exists.
class SecretDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretDialog)

public:
    explicit SecretDialog(QWidget *parent = nullptr);
    ~SecretDialog() override;

    void setQuestion(const QString &text); // plain text above the field
    void setProblem(const QString &message); // e.g. "That was not right. Try again."
    // Shows the "Remember" box: enabled (initially `checked`) when keychainProblem is empty,
    // else disabled with keychainProblem shown under it.
    void offerRemember(const QString &keychainProblem, bool checked = false);
    void setAcceptText(const QString &text); // the OK button's

    QString secret() const;
    bool remember() const; // offered, enabled and ticked

private:
    std::unique_ptr<Ui::SecretDialog> m_ui;
};

} // namespace Proto
