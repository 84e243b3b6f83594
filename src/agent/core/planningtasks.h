#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace Proto {

// The task list of a planning folder (.proto/planning/tasks.json):
// {"version": 1, "tasks": [{"id": "T1", "title": "...", "status": "todo", "notes": "..."}]}
// status is one of todo, doing, done, blocked. Parsing validates everything and names the
// first problem; serialising is stable (sorted keys, two-space indent, trailing newline).
class PlanningTasks final
{
public:
    struct Task
    {
        QString id;
        QString title;
        QString status = QStringLiteral("todo");
        QString notes;
        bool operator==(const Task &other) const = default;
    };

    static constexpr int MaxTasks = 1000;
    static constexpr int MaxTitleChars = 500;
    static constexpr int MaxNotesChars = 20000;

    static bool isValidStatus(const QString &status);
    // Empty or whitespace-only input is an empty list.
    static std::optional<PlanningTasks> parse(const QByteArray &json, QString *error);
    QByteArray toJson() const;
    QString toMarkdown() const; // "- [x] T1 Title (done)\n  notes"

    QList<Task> tasks() const { return m_tasks; }
    const Task *find(const QString &id) const;

    // Each returns false with *error on bad values; nothing changes then.
    bool add(
        const QString &title, const QString &notes, const QString &status, QString *newId, QString *error);
    bool update(const QString &id, const std::optional<QString> &title, const std::optional<QString> &status,
        const std::optional<QString> &notes, QString *error);
    bool remove(const QString &id, QString *error);

private:
    static bool validate(const Task &task, QString *error);
    QString nextId() const;

    QList<Task> m_tasks;
};

} // namespace Proto
