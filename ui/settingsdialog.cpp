#include "settingsdialog.h"

#include "apikeyprovider.h"
#include "appsettings.h"
#include "providerspage.h"
#include "ui_settingsdialog.h"

#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QUrl>

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
    m_providers = new ProvidersPage(settings, m_ui->tabs);
    m_providers->setObjectName(QStringLiteral("providersTab"));
    m_ui->tabs->insertTab(1, m_providers, tr("Providers"));
    m_ui->anthropicKeyEdit->setPlaceholderText(tr("sk-ant-…"));
    m_ui->keysTab->setEnabled(false);
    m_ui->keysStatus->setText(tr("API keys can be set only in the application."));
    for (QLabel *hint : { m_ui->limitsHint, m_ui->keysHint })
        hint->setForegroundRole(QPalette::PlaceholderText);

    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(m_ui->buttonBox->button(QDialogButtonBox::Apply), &QPushButton::clicked, this,
        &SettingsDialog::apply);
    load();
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::setApiKeyProvider(ApiKeyProvider *keys, std::function<void()> changed)
{
    m_keys = keys;
    m_keysChanged = std::move(changed);
    m_ui->keysTab->setEnabled(keys != nullptr);
    m_providers->setApiKeyProvider(keys, m_keysChanged);
    showKeyStatus();
}

void SettingsDialog::showKeyStatus()
{
    if (!m_keys)
        return;
    m_keys->lookup(ApiKeyProvider::Provider::Anthropic, this, [this](const ApiKeyLookup &lookup) {
        QString text;
        switch (lookup.source) {
        case ApiKeyLookup::Source::Environment:
            text = tr("Anthropic: using %1 from the environment.")
                       .arg(ApiKeyProvider::environmentVariable(ApiKeyProvider::Provider::Anthropic));
            break;
        case ApiKeyLookup::Source::Keychain:
            text = tr("Anthropic: a key is stored in the keychain.");
            m_ui->anthropicKeyEdit->setPlaceholderText(tr("Stored (type to replace)"));
            break;
        case ApiKeyLookup::Source::None:
            text = tr("Anthropic: no key yet. The agent cannot work until you enter one.");
            break;
        }
        if (!lookup.keychainProblem.isEmpty())
            text += u' '
                + tr("No keychain available: %1 Set ANTHROPIC_API_KEY in the environment instead.")
                      .arg(lookup.keychainProblem);
        m_ui->keysStatus->setText(text);
    });
}

void SettingsDialog::load()
{
    m_ui->themeCombo->setCurrentIndex(m_ui->themeCombo->findData(int(m_settings->theme())));
    m_ui->chatFontSpin->setValue(m_settings->chatFontSize());
    m_ui->terminalFontSpin->setValue(m_settings->terminalFontSize());
    m_providers->load();
    m_ui->sessionUsdSpin->setValue(m_settings->sessionSpendLimitUsd());
    m_ui->dailyUsdSpin->setValue(m_settings->dailySpendLimitUsd());
    m_ui->rateSpin->setValue(m_settings->actionsPerMinute());
}

void SettingsDialog::apply()
{
    m_settings->setTheme(AppSettings::ThemeMode(m_ui->themeCombo->currentData().toInt()));
    m_settings->setChatFontSize(m_ui->chatFontSpin->value());
    m_settings->setTerminalFontSize(m_ui->terminalFontSpin->value());
    m_providers->apply();
    m_settings->setSessionSpendLimitUsd(m_ui->sessionUsdSpin->value());
    m_settings->setDailySpendLimitUsd(m_ui->dailyUsdSpin->value());
    m_settings->setActionsPerMinute(m_ui->rateSpin->value());
    if (m_keys) {
        const struct
        {
            QLineEdit *edit;
            ApiKeyProvider::Provider provider;
        } fields[] = { { m_ui->anthropicKeyEdit, ApiKeyProvider::Provider::Anthropic },
            { m_ui->openAiKeyEdit, ApiKeyProvider::Provider::OpenAi } };
        for (const auto &field : fields) {
            const QString key = field.edit->text().trimmed();
            if (key.isEmpty())
                continue;
            field.edit->clear();
            m_keys->store(field.provider, key, m_keys,
                [self = QPointer<SettingsDialog>(this), changed = m_keysChanged](const SecretResult &result) {
                    if (result.ok() && changed)
                        changed();
                    if (!self)
                        return;
                    if (!result.ok())
                        self->m_ui->keysStatus->setText(
                            tr("The key could not be stored: %1").arg(result.errorString));
                    else
                        self->showKeyStatus();
                });
        }
    }
    Q_EMIT applied();
}

void SettingsDialog::accept()
{
    apply();
    QDialog::accept();
}

} // namespace Proto
