#include "chatmodel.h"

#include "attachment.h"
#include "visibletext.h"

#include <QBuffer>
#include <QImageReader>
#include <QJsonArray>

#include <utility>

namespace Proto {
namespace {

constexpr qsizetype MaxToolOutput = 256 * 1024; // what the card keeps of a live output

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

} // namespace

ChatModel::ChatModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_frame.setSingleShot(true);
    m_frame.setInterval(16);
    connect(&m_frame, &QTimer::timeout, this, &ChatModel::flush);
}

ChatModel::~ChatModel() = default;

int ChatModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

QVariant ChatModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_items.size())
        return {};
    const ChatItem &it = m_items.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TextRole:
        return it.kind == ChatItem::Kind::Tool ? it.summary : it.text;
    case KindRole:
        return int(it.kind);
    case IdRole:
        return it.id;
    case StatusRole:
        return it.kind == ChatItem::Kind::Notice ? it.noticeKind : it.status;
    case ToolRole:
        return it.tool;
    case DiffRole:
        return it.diff;
    case OutputRole:
        return it.output;
    default:
        return {};
    }
}

int ChatModel::rowOf(const QString &id) const
{
    return m_rows.value(id, -1);
}

void ChatModel::clear()
{
    beginResetModel();
    m_items.clear();
    m_rows.clear();
    m_pending.clear();
    m_dirty.clear();
    endResetModel();
}

void ChatModel::load(const QList<MessageRecord> &messages, const QList<ToolCallRecord> &calls)
{
    QHash<QString, ToolCallRecord> byId;
    for (const ToolCallRecord &c : calls)
        byId.insert(c.id, c);
    beginResetModel();
    m_items.clear();
    m_rows.clear();
    m_pending.clear();
    m_dirty.clear();
    for (const MessageRecord &m : messages) {
        const QJsonArray blocks = m.content.value(QLatin1String("content")).toArray();
        int n = 0;
        bool userShown = false;
        for (const QJsonValue &v : blocks) {
            const QJsonObject b = v.toObject();
            const QString type = str(b, "type");
            ChatItem item;
            item.messageId = m.id;
            item.id = m.id + u'#' + QString::number(n++);
            item.revision = m_nextRevision++;
            if (m.role == QLatin1String("user") && type != QLatin1String("tool_result")) {
                // A person's message: its typed text and attachments in one bubble.
                if (userShown)
                    continue; // the first such block made the bubble for the whole message
                userShown = true;
                item.kind = ChatItem::Kind::User;
                fillUser(item, blocks);
                if (item.text.isEmpty() && item.attachments.isEmpty())
                    continue;
            } else if (type == QLatin1String("text")) {
                item.kind
                    = m.role == QLatin1String("user") ? ChatItem::Kind::User : ChatItem::Kind::Assistant;
                item.text = str(b, "text");
                if (item.text.isEmpty())
                    continue;
            } else if (type == QLatin1String("thinking")) {
                item.kind = ChatItem::Kind::Thinking;
                item.text = str(b, "thinking");
            } else if (type == QLatin1String("tool_use")) {
                item.kind = ChatItem::Kind::Tool;
                item.id = str(b, "id");
                item.tool = str(b, "name");
                item.input = b.value(QLatin1String("input")).toObject();
                const auto rec = byId.constFind(item.id);
                if (rec != byId.cend()) {
                    item.status = rec->status;
                    item.output = rec->output;
                    item.diff = rec->diff;
                    item.started = rec->started;
                    item.finished = rec->finished;
                    item.summary = rec->output.section(u'\n', 0, 0).left(200);
                } else {
                    item.status = QStringLiteral("cancelled");
                }
            } else {
                // tool_result blocks are shown in their tool card, with the last image they hold.
                if (type == QLatin1String("tool_result")) {
                    const auto row = m_rows.constFind(str(b, "tool_use_id"));
                    if (row != m_rows.cend()) {
                        for (const QJsonValue &part : b.value(QLatin1String("content")).toArray()) {
                            const QJsonObject source
                                = part.toObject().value(QLatin1String("source")).toObject();
                            if (str(part.toObject(), "type") == QLatin1String("image"))
                                attachImage(
                                    m_items[*row], QByteArray::fromBase64(str(source, "data").toLatin1()));
                        }
                    }
                }
                continue;
            }
            m_rows.insert(item.id, int(m_items.size()));
            m_items.append(item);
        }
    }
    endResetModel();
}

void ChatModel::append(ChatItem item)
{
    item.revision = m_nextRevision++;
    const int row = int(m_items.size());
    beginInsertRows({}, row, row);
    m_rows.insert(item.id, row);
    m_items.append(std::move(item));
    endInsertRows();
}

void ChatModel::touch(int row)
{
    m_items[row].revision = m_nextRevision++;
    const QModelIndex i = index(row);
    Q_EMIT dataChanged(i, i);
}

void ChatModel::addUser(const QString &messageId, const QString &text, const QJsonArray &content)
{
    flush();
    ChatItem item;
    item.kind = ChatItem::Kind::User;
    item.id = messageId + QStringLiteral("#0");
    item.messageId = messageId;
    item.text = text;
    if (!content.isEmpty())
        fillUser(item, content);
    append(item);
}

void ChatModel::fillUser(ChatItem &item, const QJsonArray &content)
{
    QString typed;
    const QList<Attachment> attached = Attachment::describe(content, &typed);
    item.text = typed;
    item.attachments.clear();
    for (const Attachment &a : attached) {
        item.attachments.append(a.label());
        if (item.image.isEmpty() && !a.imageData.isEmpty() && attachImage(item, a.imageData))
            item.summary = a.label(); // the image's name, for the viewer's title
    }
}

int ChatModel::appendStreamed(ChatItem::Kind kind, const QString &messageId, const QString &text)
{
    // The last item of this message of the same kind continues; anything else starts a block.
    int row = int(m_items.size()) - 1;
    if (row < 0 || m_items[row].messageId != messageId || m_items[row].kind != kind
        || !m_items[row].streaming) {
        ChatItem item;
        item.kind = kind;
        item.messageId = messageId;
        item.id = messageId + u'~' + QString::number(++m_blockCounter);
        item.streaming = true;
        flush();
        append(item);
        row = int(m_items.size()) - 1;
    }
    m_pending[row] += text;
    if (!m_dirty.contains(row))
        m_dirty.append(row);
    if (!m_frame.isActive())
        m_frame.start();
    return row;
}

void ChatModel::appendText(const QString &messageId, const QString &text)
{
    appendStreamed(ChatItem::Kind::Assistant, messageId, text);
}

void ChatModel::appendThinking(const QString &messageId, const QString &text)
{
    appendStreamed(ChatItem::Kind::Thinking, messageId, text);
}

void ChatModel::flush()
{
    m_frame.stop();
    const QList<int> dirty = std::exchange(m_dirty, {});
    for (int row : dirty) {
        if (row >= m_items.size())
            continue;
        m_items[row].text += m_pending.take(row);
        touch(row);
    }
    m_pending.clear();
}

void ChatModel::finishMessage(const QString &messageId)
{
    flush();
    for (int row = int(m_items.size()) - 1; row >= 0; --row) {
        if (m_items[row].messageId != messageId)
            break;
        if (m_items[row].streaming) {
            m_items[row].streaming = false;
            touch(row);
        }
    }
}

void ChatModel::startTool(const QString &callId, const QString &tool, const QJsonObject &input)
{
    flush();
    if (const int row = rowOf(callId); row >= 0) {
        m_items[row].status = QStringLiteral("running");
        touch(row);
        return;
    }
    ChatItem item;
    item.kind = ChatItem::Kind::Tool;
    item.id = callId;
    item.tool = tool;
    item.input = input;
    item.status = QStringLiteral("running");
    item.started = QDateTime::currentDateTimeUtc();
    append(item);
}

void ChatModel::setToolStatus(const QString &callId, const QString &status)
{
    const int row = rowOf(callId);
    if (row < 0 || m_items[row].status == status)
        return;
    flush();
    m_items[row].status = status;
    touch(row);
}

void ChatModel::appendToolOutput(const QString &callId, const QString &chunk)
{
    const int row = rowOf(callId);
    if (row < 0)
        return;
    QString &out = m_items[row].output;
    out += chunk;
    if (out.size() > MaxToolOutput)
        out.remove(0, out.size() - MaxToolOutput);
    if (!m_dirty.contains(row))
        m_dirty.append(row);
    if (!m_frame.isActive())
        m_frame.start();
}

void ChatModel::finishTool(
    const QString &callId, const QString &status, const QString &summary, const QString &diff)
{
    flush();
    const int row = rowOf(callId);
    if (row < 0)
        return;
    ChatItem &it = m_items[row];
    it.status = status;
    it.summary = summary;
    it.diff = diff;
    it.finished = QDateTime::currentDateTimeUtc();
    if (it.output.isEmpty())
        it.output = summary;
    touch(row);
}

bool ChatModel::attachImage(ChatItem &item, const QByteArray &data)
{
    QBuffer buffer;
    buffer.setData(data);
    QImageReader reader(&buffer);
    const QSize size = reader.size();
    if (!size.isValid() || size.isEmpty())
        return false; // not an image we can show: the card stays as it is
    item.image = data;
    item.imageSize = size;
    return true;
}

void ChatModel::setToolImage(const QString &callId, const QByteArray &data, const QString &mediaType)
{
    Q_UNUSED(mediaType) // the reader tells the format from the data
    flush();
    const int row = rowOf(callId);
    if (row >= 0 && attachImage(m_items[row], data))
        touch(row);
}

void ChatModel::addNotice(const QString &kind, const QString &text)
{
    flush();
    ChatItem item;
    item.kind = ChatItem::Kind::Notice;
    item.id = QStringLiteral("notice~") + QString::number(++m_blockCounter);
    item.noticeKind = kind;
    item.text = text;
    append(item);
}

void ChatModel::toggleExpanded(int row)
{
    if (row < 0 || row >= m_items.size())
        return;
    m_items[row].expanded = !m_items[row].expanded;
    touch(row);
}

QString ChatModel::inputSummary(const QString &tool, const QJsonObject &input)
{
    for (const char *key : { "command", "path", "file_path", "pattern", "query", "description" }) {
        const QString v = str(input, key);
        // One line, whole up to 300 characters: a newline or a hidden character shows as an escape.
        if (!v.isEmpty())
            return VisibleText::line(VisibleText::head(v, 300));
    }
    Q_UNUSED(tool)
    return {};
}

} // namespace Proto
