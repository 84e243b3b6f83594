#include "planningtasks.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace Proto {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PlanningTasks", text);
}

bool hasControl(const QString &text, bool allowNewlines)
{
    for (const QChar c : text) {
        if (c.category() == QChar::Other_Control
            && !(allowNewlines && (c == u'\n' || c == u'\t' || c == u'\r')))
            return true;
    }
    return false;
}
} // namespace

bool PlanningTasks::isValidStatus(const QString &status)
{
    return status == QLatin1String("todo") || status == QLatin1String("doing")
        || status == QLatin1String("done") || status == QLatin1String("blocked");
}

bool PlanningTasks::validate(const Task &task, QString *error)
{
    static const QRegularExpression idRe(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$"));
    if (!idRe.match(task.id).hasMatch()) {
        *error = tr("task id \"%1\" must be 1-32 letters, digits, _ . -").arg(task.id.left(40));
        return false;
    }
    if (task.title.trimmed().isEmpty()) {
        *error = tr("task %1: the title is empty").arg(task.id);
        return false;
    }
    if (task.title.size() > MaxTitleChars || hasControl(task.title, false)) {
        *error = tr("task %1: the title must be one line of at most %2 characters")
                     .arg(task.id)
                     .arg(MaxTitleChars);
        return false;
    }
    if (!isValidStatus(task.status)) {
        *error = tr("task %1: status \"%2\" is not one of todo, doing, done, blocked")
                     .arg(task.id, task.status.left(40));
        return false;
    }
    if (task.notes.size() > MaxNotesChars || hasControl(task.notes, true)) {
        *error = tr("task %1: notes must be text of at most %2 characters").arg(task.id).arg(MaxNotesChars);
        return false;
    }
    return true;
}

std::optional<PlanningTasks> PlanningTasks::parse(const QByteArray &json, QString *error)
{
    PlanningTasks list;
    if (json.trimmed().isEmpty())
        return list;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = tr("tasks.json is not valid JSON (offset %1: %2)")
                     .arg(parseError.offset)
                     .arg(parseError.errorString());
        return std::nullopt;
    }
    if (!doc.isObject() || !doc.object().value(QLatin1String("tasks")).isArray()) {
        *error = tr("tasks.json must be an object with a \"tasks\" list");
        return std::nullopt;
    }
    const QJsonArray tasks = doc.object().value(QLatin1String("tasks")).toArray();
    if (tasks.size() > MaxTasks) {
        *error = tr("tasks.json holds more than %1 tasks").arg(MaxTasks);
        return std::nullopt;
    }
    for (const QJsonValue &value : tasks) {
        if (!value.isObject()) {
            *error = tr("every task must be an object");
            return std::nullopt;
        }
        const QJsonObject o = value.toObject();
        for (const char *key : { "id", "title", "status" }) {
            if (!o.value(QLatin1String(key)).isString()) {
                *error = tr("every task needs a string \"%1\"").arg(QLatin1String(key));
                return std::nullopt;
            }
        }
        if (o.contains(QLatin1String("notes")) && !o.value(QLatin1String("notes")).isString()) {
            *error = tr("\"notes\" must be a string");
            return std::nullopt;
        }
        Task task { o.value(QLatin1String("id")).toString(), o.value(QLatin1String("title")).toString(),
            o.value(QLatin1String("status")).toString(), o.value(QLatin1String("notes")).toString() };
        if (!validate(task, error))
            return std::nullopt;
        if (list.find(task.id)) {
            *error = tr("task id %1 appears twice").arg(task.id);
            return std::nullopt;
        }
        list.m_tasks.append(task);
    }
    return list;
}

QByteArray PlanningTasks::toJson() const
{
    QJsonArray tasks;
    for (const Task &task : m_tasks) {
        QJsonObject o { { QStringLiteral("id"), task.id }, { QStringLiteral("title"), task.title },
            { QStringLiteral("status"), task.status } };
        if (!task.notes.isEmpty())
            o.insert(QStringLiteral("notes"), task.notes);
        tasks.append(o);
    }
    const QJsonObject root { { QStringLiteral("version"), 1 }, { QStringLiteral("tasks"), tasks } };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QString PlanningTasks::toMarkdown() const
{
    if (m_tasks.isEmpty())
        return tr("(no tasks yet)") + u'\n';
    QString out;
    for (const Task &task : m_tasks) {
        const QString box = task.status == QLatin1String("done") ? QStringLiteral("[x]")
            : task.status == QLatin1String("doing")              ? QStringLiteral("[~]")
            : task.status == QLatin1String("blocked")            ? QStringLiteral("[!]")
                                                                 : QStringLiteral("[ ]");
        out += QStringLiteral("- %1 %2 %3 (%4)\n").arg(box, task.id, task.title, task.status);
        if (!task.notes.isEmpty()) {
            const QStringList lines = task.notes.split(u'\n');
            for (const QString &line : lines)
                out += QStringLiteral("  ") + line + u'\n';
        }
    }
    return out;
}

const PlanningTasks::Task *PlanningTasks::find(const QString &id) const
{
    for (const Task &task : m_tasks) {
        if (task.id == id)
            return &task;
    }
    return nullptr;
}

QString PlanningTasks::nextId() const
{
    int highest = 0;
    static const QRegularExpression re(QStringLiteral("^T(\\d{1,9})$"));
    for (const Task &task : m_tasks) {
        const auto m = re.match(task.id);
        if (m.hasMatch())
            highest = std::max(highest, m.captured(1).toInt());
    }
    return QStringLiteral("T%1").arg(highest + 1);
}

bool PlanningTasks::add(
    const QString &title, const QString &notes, const QString &status, QString *newId, QString *error)
{
    if (m_tasks.size() >= MaxTasks) {
        *error = tr("the plan already holds %1 tasks").arg(MaxTasks);
        return false;
    }
    Task task { nextId(), title.trimmed(), status.isEmpty() ? QStringLiteral("todo") : status, notes };
    if (!validate(task, error))
        return false;
    m_tasks.append(task);
    if (newId)
        *newId = task.id;
    return true;
}

bool PlanningTasks::update(const QString &id, const std::optional<QString> &title,
    const std::optional<QString> &status, const std::optional<QString> &notes, QString *error)
{
    for (Task &task : m_tasks) {
        if (task.id != id)
            continue;
        Task changed = task;
        if (title)
            changed.title = title->trimmed();
        if (status)
            changed.status = *status;
        if (notes)
            changed.notes = *notes;
        if (!validate(changed, error))
            return false;
        task = changed;
        return true;
    }
    *error = tr("there is no task %1").arg(id.left(40));
    return false;
}

bool PlanningTasks::remove(const QString &id, QString *error)
{
    for (qsizetype i = 0; i < m_tasks.size(); ++i) {
        if (m_tasks.at(i).id == id) {
            m_tasks.removeAt(i);
            return true;
        }
    }
    *error = tr("there is no task %1").arg(id.left(40));
    return false;
}

} // namespace Proto
