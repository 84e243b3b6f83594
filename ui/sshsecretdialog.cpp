#include "sshsecretdialog.h"

#include "secretstore.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace Proto {

SshSecretDialog::SshSecretDialog(const QString &title, const QString &question, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("secretPromptDialog"));
    setWindowTitle(title);
    auto *layout = new QVBoxLayout(this);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("problem"));
    m_problem->setWordWrap(true);
    m_problem->hide();
    layout->addWidget(m_problem);
    auto *label = new QLabel(question, this);
    label->setObjectName(QStringLiteral("question"));
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    layout->addWidget(label);
    m_secret = new QLineEdit(this);
    m_secret->setObjectName(QStringLiteral("secret"));
    m_secret->setEchoMode(QLineEdit::Password);
    label->setBuddy(m_secret);
    layout->addWidget(m_secret);
    m_remember = new QCheckBox(tr("Remember in the keychain"), this);
    m_remember->setObjectName(QStringLiteral("remember"));
    m_remember->hide();
    layout->addWidget(m_remember);
    m_noKeychain = new QLabel(SecretStore::noKeychainMessage(), this);
    m_noKeychain->setObjectName(QStringLiteral("noKeychain"));
    m_noKeychain->setWordWrap(true);
    m_noKeychain->hide();
    layout->addWidget(m_noKeychain);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    m_secret->setFocus();
}

SshSecretDialog::~SshSecretDialog() = default;

void SshSecretDialog::setRememberOffered(bool keychain, bool checked)
{
    m_remember->show();
    m_remember->setEnabled(keychain);
    m_remember->setChecked(keychain && checked);
    m_noKeychain->setVisible(!keychain);
}

void SshSecretDialog::setProblem(const QString &message)
{
    m_problem->setText(message);
    m_problem->setVisible(!message.isEmpty());
}

QString SshSecretDialog::secret() const
{
    return m_secret->text();
}

bool SshSecretDialog::remember() const
{
    return m_remember->isVisible() && m_remember->isEnabled() && m_remember->isChecked();
}

} // namespace Proto
