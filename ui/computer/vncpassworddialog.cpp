#include "vncpassworddialog.h"

#include "secretstore.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Proto {

VncPasswordDialog::VncPasswordDialog(const QString &machineName, bool keychainAvailable, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("vncPasswordDialog"));
    setWindowTitle(tr("VNC password"));
    auto *layout = new QVBoxLayout(this);
    auto *intro
        = new QLabel(tr("The screen of %1 asks for a VNC password.").arg(machineName.toHtmlEscaped()), this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("problem"));
    m_problem->setWordWrap(true);
    m_problem->hide();
    layout->addWidget(m_problem);
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("Password"));
    layout->addWidget(m_password);
    m_remember = new QCheckBox(tr("Remember in the keychain"), this);
    m_remember->setObjectName(QStringLiteral("remember"));
    m_remember->setEnabled(keychainAvailable);
    layout->addWidget(m_remember);
    if (!keychainAvailable) {
        auto *why = new QLabel(SecretStore::noKeychainMessage(), this);
        why->setObjectName(QStringLiteral("noKeychain"));
        why->setWordWrap(true);
        layout->addWidget(why);
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

VncPasswordDialog::~VncPasswordDialog() = default;

QString VncPasswordDialog::password() const
{
    return m_password->text();
}

bool VncPasswordDialog::remember() const
{
    return m_remember->isEnabled() && m_remember->isChecked();
}

void VncPasswordDialog::setProblem(const QString &message)
{
    m_problem->setText(message);
    m_problem->setVisible(!message.isEmpty());
}

} // namespace Proto
