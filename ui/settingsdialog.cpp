#include "settingsdialog.h"

#include "appsettings.h"
#include "ui_settingsdialog.h"

#include <QPushButton>
#include <QRegularExpressionValidator>

namespace Proto {

SettingsDialog::SettingsDialog(AppSettings *settings, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SettingsDialog>())
    , m_settings(settings)
{
    m_ui->setupUi(this);
    m_ui->themeCombo->addItem(tr("Follow the system"), int(AppSettings::ThemeMode::System));
    m_ui->themeCombo->addItem(tr("Light"), int(AppSettings::ThemeMode::Light));
    m_ui->themeCombo->addItem(tr("Dark"), int(AppSettings::ThemeMode::Dark));
    for (QSpinBox *spin : { m_ui->chatFontSpin, m_ui->terminalFontSpin })
        spin->setRange(AppSettings::MinFontSize, AppSettings::MaxFontSize);
    for (QDoubleSpinBox *spin : { m_ui->sessionUsdSpin, m_ui->dailyUsdSpin }) {
        spin->setRange(0.0, AppSettings::MaxUsd);
        spin->setSpecialValueText(tr("No limit"));
    }
    m_ui->rateSpin->setRange(0, AppSettings::MaxActionsPerMinute);
    m_ui->rateSpin->setSpecialValueText(tr("No limit"));
    m_ui->modelEdit->setPlaceholderText(tr("Provider's recommended model"));
    // Model ids are single tokens ("provider/name:tag@date" at most); no spaces or control bytes.
    m_ui->modelEdit->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[A-Za-z0-9._:/@+-]{0,200}")), m_ui->modelEdit));
    for (QLabel *hint : { m_ui->modelHint, m_ui->limitsHint })
        hint->setForegroundRole(QPalette::PlaceholderText);

    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(m_ui->buttonBox->button(QDialogButtonBox::Apply), &QPushButton::clicked, this,
        &SettingsDialog::apply);
    load();
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::load()
{
    m_ui->themeCombo->setCurrentIndex(m_ui->themeCombo->findData(int(m_settings->theme())));
    m_ui->chatFontSpin->setValue(m_settings->chatFontSize());
    m_ui->terminalFontSpin->setValue(m_settings->terminalFontSize());
    m_ui->modelEdit->setText(m_settings->defaultModel());
    m_ui->sessionUsdSpin->setValue(m_settings->sessionSpendLimitUsd());
    m_ui->dailyUsdSpin->setValue(m_settings->dailySpendLimitUsd());
    m_ui->rateSpin->setValue(m_settings->actionsPerMinute());
}

void SettingsDialog::apply()
{
    m_settings->setTheme(AppSettings::ThemeMode(m_ui->themeCombo->currentData().toInt()));
    m_settings->setChatFontSize(m_ui->chatFontSpin->value());
    m_settings->setTerminalFontSize(m_ui->terminalFontSpin->value());
    m_settings->setDefaultModel(m_ui->modelEdit->text());
    m_settings->setSessionSpendLimitUsd(m_ui->sessionUsdSpin->value());
    m_settings->setDailySpendLimitUsd(m_ui->dailyUsdSpin->value());
    m_settings->setActionsPerMinute(m_ui->rateSpin->value());
    Q_EMIT applied();
}

void SettingsDialog::accept()
{
    apply();
    QDialog::accept();
}

} // namespace Proto
