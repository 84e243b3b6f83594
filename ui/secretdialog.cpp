#include "secretdialog.h"

#include "ui_secretdialog.h"

#include <QPushButton>

namespace Proto {

SecretDialog::SecretDialog(QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SecretDialog>())
{
    m_ui->setupUi(this);
    m_ui->secret->setFocus();
}

SecretDialog::~SecretDialog() = default;

void SecretDialog::setQuestion(const QString &text)
{
    m_ui->question->setText(text);
}

void SecretDialog::setProblem(const QString &message)
{
    m_ui->problem->setText(message);
    m_ui->problem->setVisible(!message.isEmpty());
}

void SecretDialog::offerRemember(const QString &keychainProblem, bool checked)
{
    const bool keychain = keychainProblem.isEmpty();
    m_ui->remember->show();
    m_ui->remember->setEnabled(keychain);
    m_ui->remember->setChecked(keychain && checked);
    m_ui->noKeychain->setText(keychainProblem);
    m_ui->noKeychain->setVisible(!keychain);
}

void SecretDialog::setAcceptText(const QString &text)
{
    m_ui->buttons->button(QDialogButtonBox::Ok)->setText(text);
}

QString SecretDialog::secret() const
{
    return m_ui->secret->text();
}

bool SecretDialog::remember() const
{
    return !m_ui->remember->isHidden() && m_ui->remember->isEnabled() && m_ui->remember->isChecked();
}

} // namespace Proto
