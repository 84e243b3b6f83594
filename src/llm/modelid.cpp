#include "modelid.h"

#include <QRegularExpression>

namespace Proto {

bool ModelId::matchesKey(const QString &id, const QString &key)
{
    if (key.isEmpty() || !id.startsWith(key, Qt::CaseInsensitive))
        return false;
    const QStringView rest = QStringView(id).mid(key.size());
    if (rest.isEmpty())
        return true;
    const QChar first = rest.front();
    if (first == u'@' || first == u'[' || first == u':' || first == u'.')
        return true;
    if (first != u'-')
        return false; // claude-opus-4 is not a prefix of claude-opus-45
    // "-N" or "-NN" followed by the end or another part continues the version: another model.
    qsizetype digits = 0;
    while (1 + digits < rest.size() && rest.at(1 + digits).isDigit())
        ++digits;
    if (digits >= 1 && digits <= 2) {
        const qsizetype after = 1 + digits;
        if (after == rest.size())
            return false;
        const QChar next = rest.at(after);
        if (next == u'-' || next == u'@' || next == u'[' || next == u':' || next == u'.')
            return false;
    }
    return true;
}

ModelId::Family ModelId::family(const QString &id)
{
    // claude-opus-4-8, claude-opus-4-8-20261001, claude-sonnet-5, claude-opus-4-20250514
    static const QRegularExpression modern(
        QStringLiteral(R"(^claude-(opus|sonnet|haiku|fable|mythos)-(\d{1,2})(?:-(\d{1,2}))?(?=$|[-@\[:.]))"),
        QRegularExpression::CaseInsensitiveOption);
    // claude-3-7-sonnet-20250219, claude-3-haiku-20240307
    static const QRegularExpression legacy(
        QStringLiteral(R"(^claude-(\d)(?:-(\d))?-(opus|sonnet|haiku)(?=$|[-@\[:.]))"),
        QRegularExpression::CaseInsensitiveOption);
    Family family;
    if (const QRegularExpressionMatch m = modern.match(id); m.hasMatch()) {
        family.name = m.captured(1).toLower();
        family.major = m.captured(2).toInt();
        family.minor = m.captured(3).toInt(); // empty: 0
    } else if (const QRegularExpressionMatch l = legacy.match(id); l.hasMatch()) {
        family.name = l.captured(3).toLower();
        family.major = l.captured(1).toInt();
        family.minor = l.captured(2).toInt();
    }
    return family;
}

} // namespace Proto
