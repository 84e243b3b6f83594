#pragma once

#include "records.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QSize>
#include <QString>
#include <QTimer>

namespace Proto {

// One row of the conversation as the chat view shows it.
struct ChatItem
{
    enum class Kind
    {
        User,
        Assistant,
        Thinking,
        Tool,
        Notice, // an error or a note (stopped, kill switch...)
    };

    Kind kind = Kind::Assistant;
    QString id; // unique in the model: message id + block, or the tool call id
    QString messageId;
    QString text; // markdown (user, assistant, thinking), the notice's text
    bool streaming = false;
    bool expanded = false; // thinking and long tool output
    quint64 revision = 0; // bumped on every change (the delegate's layout cache key)

    // Tool calls
    QString tool;
    QJsonObject input;
    QString status; // "running", "pending", "done", "error", "denied", "cancelled"
    QString output; // live output, then the result
    QString summary; // tools: the result's first line; user messages: the shown image's label
    QString diff;
    QDateTime started;
    QDateTime finished;
    QByteArray image; // the last image the tool returned (a screenshot) or the first image
                      // attached to a user message, encoded
    QSize imageSize; // its size in pixels (read from the header)

    // User messages: the files attached ("report.pdf · 1.2 MB"), in order
    QStringList attachments;

    // Notices
    QString noticeKind; // AgentError kind name ("no_api_key", "auth", ...) or "info"
};

// The conversation of one session as a flat list of items (virtualised by the view). Streaming
// deltas are buffered and flushed at most once per frame (16 ms) as one dataChanged.
class ChatModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatModel)

public:
    enum Role
    {
        KindRole = Qt::UserRole + 1,
        IdRole,
        TextRole,
        StatusRole,
        ToolRole,
        DiffRole,
        OutputRole,
    };

    explicit ChatModel(QObject *parent = nullptr);
    ~ChatModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    const ChatItem &item(int row) const { return m_items.at(row); }
    int rowOf(const QString &id) const;
    void clear();

    // The persisted conversation: messages (in seq order) and the tool calls by id.
    void load(const QList<MessageRecord> &messages, const QList<ToolCallRecord> &calls);

    void addUser(const QString &messageId, const QString &text, const QJsonArray &content = {});
    void appendText(const QString &messageId, const QString &text);
    void appendThinking(const QString &messageId, const QString &text);
    void finishMessage(const QString &messageId);
    void startTool(const QString &callId, const QString &tool, const QJsonObject &input);
    void setToolStatus(const QString &callId, const QString &status);
    void appendToolOutput(const QString &callId, const QString &chunk);
    void finishTool(
        const QString &callId, const QString &status, const QString &summary, const QString &diff);
    void setToolImage(const QString &callId, const QByteArray &data, const QString &mediaType);
    void addNotice(const QString &kind, const QString &text);
    void toggleExpanded(int row);

    // Flushes buffered deltas now (tests, before reading).
    void flush();

    // One line describing a tool call's input: the command, the path...
    static QString inputSummary(const QString &tool, const QJsonObject &input);

private:
    int appendStreamed(ChatItem::Kind kind, const QString &messageId, const QString &text);
    void touch(int row);
    void append(ChatItem item);
    static bool attachImage(ChatItem &item, const QByteArray &data);
    static void fillUser(ChatItem &item, const QJsonArray &content); // text and attachments

    QList<ChatItem> m_items;
    QHash<QString, int> m_rows; // id -> row
    QHash<int, QString> m_pending; // row -> buffered delta text
    QList<int> m_dirty;
    QTimer m_frame;
    quint64 m_nextRevision = 1;
    int m_blockCounter = 0;
};

} // namespace Proto
