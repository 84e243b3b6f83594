#pragma once

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;

namespace Proto {

// Asks for a computer's VNC password, with "Remember in the keychain" (disabled, with the
// reason shown, when no keychain is available).
class VncPasswordDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VncPasswordDialog)

public:
    VncPasswordDialog(const QString &machineName, bool keychainAvailable, QWidget *parent = nullptr);
    ~VncPasswordDialog() override;

    QString password() const;
    bool remember() const;
    void setProblem(const QString &message); // e.g. "The password was wrong"

private:
    QLabel *m_problem = nullptr;
    QLineEdit *m_password = nullptr;
    QCheckBox *m_remember = nullptr;
};

} // namespace Proto
