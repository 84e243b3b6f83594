#include "providerspage.h"

#include "agentsettings.h"
#include "apikeyprovider.h"
#include "appsettings.h"
#include "ui_providerspage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpressionValidator>

namespace Proto {

ProvidersPage::ProvidersPage(AppSettings *settings, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ProvidersPage>())
    , m_settings(settings)
{
    m_ui->setupUi(this);
    m_ui->kindCombo->addItem(tr("OpenAI-compatible (Chat Completions)"),
        ProviderConfig::kindName(ProviderConfig::Kind::OpenAiCompatible));
    m_ui->kindCombo->addItem(
        tr("Anthropic (Messages API)"), ProviderConfig::kindName(ProviderConfig::Kind::Anthropic));
    m_ui->modelEdit->setPlaceholderText(tr("The provider's first listed model, else Proto's default"));
    m_ui->modelEdit->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[A-Za-z0-9._:/@+-]{0,200}")), m_ui->modelEdit));
    m_ui->nameEdit->setPlaceholderText(tr("e.g. ollama"));
    m_ui->urlEdit->setPlaceholderText(tr("e.g. http://127.0.0.1:11434/v1"));
    m_ui->keyEnvEdit->setPlaceholderText(tr("e.g. OLLAMA_API_KEY (optional)"));
    m_ui->keyEdit->setPlaceholderText(tr("Stored in the system keychain (optional)"));
    m_ui->keyEdit->setEnabled(false);
    m_ui->headersEdit->setPlaceholderText(tr("Name: value; Other: value (optional, not for keys)"));
    m_ui->modelsEdit->setPlaceholderText(tr("model ids, separated by commas (optional)"));
    m_ui->modelHint->setForegroundRole(QPalette::PlaceholderText);
    m_ui->problemLabel->setForegroundRole(QPalette::BrightText);
    m_ui->providersTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_ui->providersTable->horizontalHeader()->setStretchLastSection(true);
    connect(m_ui->providersTable, &QTableWidget::itemSelectionChanged, this, &ProvidersPage::showSelected);
    connect(m_ui->saveButton, &QPushButton::clicked, this, &ProvidersPage::saveEdited);
    connect(m_ui->removeButton, &QPushButton::clicked, this, &ProvidersPage::removeSelected);
    load();
}

ProvidersPage::~ProvidersPage() = default;

void ProvidersPage::setApiKeyProvider(ApiKeyProvider *keys, std::function<void()> changed)
{
    m_keys = keys;
    m_keysChanged = std::move(changed);
    m_ui->keyEdit->setEnabled(keys != nullptr);
}

void ProvidersPage::load()
{
    const AgentSettings settings = AgentSettings::read(*m_settings->store());
    m_providers = settings.providers();
    // What this dialog wrote last (AppSettings), even before the store committed it.
    const QString stored = m_settings->value(AgentSettings::providersKey()).toString();
    if (!stored.isEmpty()) {
        QList<ProviderConfig> custom;
        for (const QJsonValue &value : QJsonDocument::fromJson(stored.toUtf8()).array()) {
            if (const auto config = ProviderConfig::fromJson(value.toObject()))
                custom.append(*config);
        }
        m_providers = ProviderConfig::builtIns() + custom;
    }
    const QString provider = m_settings->value(AgentSettings::defaultProviderKey()).toString();
    fillTable();
    fillDefaults(provider.isEmpty() ? settings.defaultProvider : provider);
    m_ui->modelEdit->setText(m_settings->defaultModel());
    m_ui->problemLabel->clear();
}

void ProvidersPage::fillDefaults(const QString &current)
{
    m_ui->defaultProviderCombo->clear();
    for (const ProviderConfig &config : std::as_const(m_providers))
        m_ui->defaultProviderCombo->addItem(config.name, config.name);
    const int i = m_ui->defaultProviderCombo->findData(current);
    m_ui->defaultProviderCombo->setCurrentIndex(i < 0 ? 0 : i);
}

void ProvidersPage::fillTable()
{
    QTableWidget *table = m_ui->providersTable;
    table->setRowCount(int(m_providers.size()));
    for (int row = 0; row < m_providers.size(); ++row) {
        const ProviderConfig &config = m_providers.at(row);
        const QString name = config.builtIn ? tr("%1 (built-in)").arg(config.name) : config.name;
        const QString kind
            = config.kind == ProviderConfig::Kind::Anthropic ? tr("Anthropic") : tr("OpenAI-compatible");
        const QString key
            = config.keyEnv.isEmpty() ? tr("keychain") : tr("$%1, else keychain").arg(config.keyEnv);
        const QStringList cells { name, kind, config.baseUrl, key };
        for (int column = 0; column < cells.size(); ++column) {
            auto *item = new QTableWidgetItem(cells.at(column));
            item->setData(Qt::UserRole, config.name);
            table->setItem(row, column, item);
        }
    }
}

void ProvidersPage::showSelected()
{
    const QList<QTableWidgetItem *> selected = m_ui->providersTable->selectedItems();
    if (selected.isEmpty())
        return;
    const QString name = selected.first()->data(Qt::UserRole).toString();
    for (const ProviderConfig &config : std::as_const(m_providers)) {
        if (config.name != name)
            continue;
        m_ui->nameEdit->setText(config.name);
        m_ui->kindCombo->setCurrentIndex(m_ui->kindCombo->findData(ProviderConfig::kindName(config.kind)));
        m_ui->urlEdit->setText(config.baseUrl);
        m_ui->keyEnvEdit->setText(config.keyEnv);
        QStringList headers;
        for (const auto &[header, value] : config.headers)
            headers.append(header + QStringLiteral(": ") + value);
        m_ui->headersEdit->setText(headers.join(QStringLiteral("; ")));
        m_ui->modelsEdit->setText(config.models.join(QStringLiteral(", ")));
        m_ui->keyEdit->clear();
        // Built-ins follow the environment; only their keychain key may be set here.
        for (QWidget *w : { static_cast<QWidget *>(m_ui->kindCombo), static_cast<QWidget *>(m_ui->urlEdit),
                 static_cast<QWidget *>(m_ui->keyEnvEdit), static_cast<QWidget *>(m_ui->headersEdit),
                 static_cast<QWidget *>(m_ui->modelsEdit) })
            w->setEnabled(!config.builtIn);
        m_ui->removeButton->setEnabled(!config.builtIn);
    }
}

ProviderConfig ProvidersPage::edited() const
{
    ProviderConfig config;
    config.name = m_ui->nameEdit->text().trimmed();
    config.kind = ProviderConfig::kindFromName(m_ui->kindCombo->currentData().toString())
                      .value_or(ProviderConfig::Kind::OpenAiCompatible);
    config.baseUrl = m_ui->urlEdit->text().trimmed();
    config.keyEnv = m_ui->keyEnvEdit->text().trimmed();
    const QStringList headers = m_ui->headersEdit->text().split(u';', Qt::SkipEmptyParts);
    for (const QString &header : headers) {
        const qsizetype colon = header.indexOf(u':');
        config.headers.append(
            { header.left(colon).trimmed(), colon < 0 ? QString() : header.mid(colon + 1).trimmed() });
    }
    const QStringList models = m_ui->modelsEdit->text().split(u',', Qt::SkipEmptyParts);
    for (const QString &model : models)
        config.models.append(model.trimmed());
    return config;
}

void ProvidersPage::saveEdited()
{
    ProviderConfig config = edited();
    const QString key = m_ui->keyEdit->text().trimmed();
    for (const ProviderConfig &existing : std::as_const(m_providers)) {
        if (existing.builtIn && existing.name == config.name) {
            // A built-in: only its keychain key.
            if (!key.isEmpty())
                m_pendingKeys.append({ existing.keychainKey(), key });
            m_ui->keyEdit->clear();
            m_ui->problemLabel->setText(key.isEmpty()
                    ? tr("The built-in providers follow the environment; only their key can be set here.")
                    : tr("The key of %1 is stored when you apply the settings.").arg(config.name));
            return;
        }
    }
    const QString problem = config.problem();
    if (!problem.isEmpty()) {
        m_ui->problemLabel->setText(problem);
        return;
    }
    bool replaced = false;
    for (ProviderConfig &existing : m_providers) {
        if (existing.name == config.name) {
            existing = config;
            replaced = true;
        }
    }
    if (!replaced)
        m_providers.append(config);
    if (!key.isEmpty())
        m_pendingKeys.append({ config.keychainKey(), key });
    m_ui->keyEdit->clear();
    const QString current = m_ui->defaultProviderCombo->currentData().toString();
    fillTable();
    fillDefaults(current);
    m_ui->problemLabel->setText(tr("%1 is saved when you apply the settings.").arg(config.name));
}

void ProvidersPage::removeSelected()
{
    const QString name = m_ui->nameEdit->text().trimmed();
    const qsizetype removed = m_providers.removeIf(
        [&name](const ProviderConfig &config) { return !config.builtIn && config.name == name; });
    if (removed == 0)
        return;
    const QString current = m_ui->defaultProviderCombo->currentData().toString();
    fillTable();
    fillDefaults(current == name ? QStringLiteral("anthropic") : current);
    m_ui->problemLabel->setText(tr("%1 is removed when you apply the settings.").arg(name));
}

void ProvidersPage::apply()
{
    QJsonArray custom;
    for (const ProviderConfig &config : std::as_const(m_providers)) {
        if (!config.builtIn)
            custom.append(config.toJson());
    }
    m_settings->setValue(AgentSettings::providersKey(),
        QString::fromUtf8(QJsonDocument(custom).toJson(QJsonDocument::Compact)));
    m_settings->setValue(
        AgentSettings::defaultProviderKey(), m_ui->defaultProviderCombo->currentData().toString());
    m_settings->setDefaultModel(m_ui->modelEdit->text());
    if (!m_keys)
        return;
    const auto keys = std::exchange(m_pendingKeys, {});
    for (const auto &[entry, key] : keys) {
        m_keys->storeEntry(entry, key, m_keys,
            [self = QPointer<ProvidersPage>(this), changed = m_keysChanged](const SecretResult &result) {
                if (result.ok() && changed)
                    changed();
                if (self && !result.ok())
                    self->m_ui->problemLabel->setText(
                        tr("The key could not be stored: %1").arg(result.errorString));
            });
    }
}

} // namespace Proto
