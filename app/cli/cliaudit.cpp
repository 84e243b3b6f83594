#include "cliaudit.h"

#include "auditkey.h"
#include "cliprinter.h"
#include "secretstore.h"
#include "store.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTimeZone>

#include <cstdio>

namespace Proto {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("proto-cli", text);
}

int usage(const QString &message)
{
    CliPrinter::writeErr(QStringLiteral("proto-cli: ") + message);
    std::fputs("usage: proto-cli audit verify | list [--json] [--session ID] [--since TIME] | export FILE\n",
        stderr);
    return 2;
}

// The anchor's key, looked up without making one (a missing key is reported by verify).
void loadKey(Store &store)
{
    SecretStore secrets;
    QEventLoop loop;
    bool done = false;
    AuditKey::load(
        &secrets, AuditKey::keyFileFor(store.path()), false, &loop, [&](const AuditKeyResult &key) {
            if (!key.problem.isEmpty())
                CliPrinter::writeErr(tr("proto-cli: warning: audit key: %1").arg(key.problem));
            store.setAuditKey(key.key);
            done = true;
            loop.quit();
        });
    if (!done)
        loop.exec();
}

QJsonObject rowJson(const AuditRecord &row)
{
    return QJsonObject { { QStringLiteral("seq"), double(row.seq) },
        { QStringLiteral("at"), row.at.toUTC().toString(Qt::ISODateWithMs) },
        { QStringLiteral("session"), row.sessionId }, { QStringLiteral("agent"), row.agent },
        { QStringLiteral("machine"), row.machine }, { QStringLiteral("action"), row.action },
        { QStringLiteral("call_id"), row.callId }, { QStringLiteral("input"), row.input },
        { QStringLiteral("outcome"), row.outcome }, { QStringLiteral("diff"), row.diff },
        { QStringLiteral("prev_hash"), QString::fromLatin1(row.prevHash) },
        { QStringLiteral("hash"), QString::fromLatin1(row.hash) } };
}

// One line for a terminal: control characters the model wrote are shown, not obeyed.
QString printable(QString text, qsizetype max)
{
    for (QChar &c : text) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            c = u'·';
    }
    return text.size() > max ? text.left(max) + QStringLiteral("…") : text;
}

int verify(Store &store)
{
    loadKey(store);
    store.flush();
    const Store::AuditCheck check = store.checkAudit();
    for (const QString &note : check.notes)
        CliPrinter::writeErr(tr("proto-cli: note: %1").arg(note));
    if (!check.ok()) {
        CliPrinter::writeErr(
            tr("proto-cli: the audit log was altered at entry %1: %2").arg(check.badSeq).arg(check.problem));
        return 1;
    }
    std::printf("%s\n",
        qPrintable(tr("Audit log intact: %1 entries, anchored at entry %2%3.")
                .arg(check.rows)
                .arg(check.anchoredSeq)
                .arg(check.anchorAuthenticated ? tr(" (HMAC checked)") : QString())));
    return 0;
}

int list(Store &store, QStringList args)
{
    bool json = false;
    QString session;
    QDateTime since;
    while (!args.isEmpty()) {
        QString arg = args.takeFirst();
        QString value;
        const qsizetype eq = arg.indexOf(u'=');
        if (arg.startsWith(QLatin1String("--")) && eq > 0) {
            value = arg.mid(eq + 1);
            arg = arg.left(eq);
        } else if (arg == QLatin1String("--session") || arg == QLatin1String("--since")) {
            if (args.isEmpty())
                return usage(tr("%1 needs a value").arg(arg));
            value = args.takeFirst();
        }
        if (arg == QLatin1String("--json")) {
            json = true;
        } else if (arg == QLatin1String("--session")) {
            session = value;
        } else if (arg == QLatin1String("--since")) {
            since = CliAudit::parseSince(value);
            if (!since.isValid())
                return usage(tr("--since takes a date, a date and time (ISO 8601) or an age such as 2h or "
                                "7d, not \"%1\"")
                        .arg(value));
        } else {
            return usage(tr("unknown option %1").arg(arg));
        }
    }
    if (!session.isEmpty()) {
        // A prefix of a session id, as elsewhere in proto-cli.
        QStringList matches;
        for (const SessionRecord &record : store.sessions(true)) {
            if (record.id == session) {
                matches = { record.id };
                break;
            }
            if (record.id.startsWith(session))
                matches.append(record.id);
        }
        if (matches.size() == 1)
            session = matches.first();
        else if (matches.size() > 1)
            return usage(tr("%1 matches several sessions; give more of the id.").arg(session));
    }
    const QList<AuditRecord> rows = store.auditRows(session, since);
    for (const AuditRecord &row : rows) {
        if (json) {
            std::printf("%s\n", QJsonDocument(rowJson(row)).toJson(QJsonDocument::Compact).constData());
            continue;
        }
        const QString what = row.input.contains(QLatin1String("command"))
            ? row.input.value(QLatin1String("command")).toString()
            : row.input.contains(QLatin1String("path")) ? row.input.value(QLatin1String("path")).toString()
                                                        : QString();
        std::printf("%6lld  %s  %-8s %-10s %-16s %s%s\n", static_cast<long long>(row.seq),
            qPrintable(row.at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))),
            qPrintable(row.sessionId.left(8)), qPrintable(printable(row.agent, 10)),
            qPrintable(printable(row.action, 16)), qPrintable(printable(row.outcome, 80)),
            what.isEmpty() ? "" : qPrintable(QStringLiteral("  ") + printable(what, 120)));
    }
    if (rows.isEmpty() && !json)
        std::printf("%s\n", qPrintable(tr("No audit entries.")));
    return 0;
}

int exportTo(Store &store, const QString &path)
{
    QFile file(path);
    if (!file.open(
            QIODevice::WriteOnly | QIODevice::Truncate, QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        CliPrinter::writeErr(tr("proto-cli: cannot write %1: %2").arg(path, file.errorString()));
        return 1;
    }
    qsizetype count = 0;
    // In pages, so a long log never sits in memory at once.
    qint64 from = 1;
    forever
    {
        const QList<AuditRecord> rows = store.auditRows({}, {}, from, 1000);
        for (const AuditRecord &row : rows) {
            file.write(QJsonDocument(rowJson(row)).toJson(QJsonDocument::Compact));
            file.write("\n");
            ++count;
        }
        if (rows.size() < 1000)
            break;
        from = rows.last().seq + 1;
    }
    if (!file.flush()) {
        CliPrinter::writeErr(tr("proto-cli: cannot write %1: %2").arg(path, file.errorString()));
        return 1;
    }
    std::printf("%s\n", qPrintable(tr("Exported %1 audit entries to %2.").arg(count).arg(path)));
    return 0;
}

} // namespace

QDateTime CliAudit::parseSince(const QString &text)
{
    const QString t = text.trimmed();
    static const QRegularExpression age(QStringLiteral("^(\\d{1,6})([smhd])$"));
    if (const QRegularExpressionMatch m = age.match(t); m.hasMatch()) {
        const qint64 n = m.captured(1).toLongLong();
        const QChar unit = m.captured(2).at(0);
        const qint64 seconds = unit == u's' ? n : unit == u'm' ? n * 60 : unit == u'h' ? n * 3600 : n * 86400;
        return QDateTime::currentDateTimeUtc().addSecs(-seconds);
    }
    QDateTime at = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (!at.isValid()) {
        const QDate day = QDate::fromString(t, Qt::ISODate);
        if (day.isValid())
            at = QDateTime(day, QTime(0, 0));
    }
    return at;
}

int CliAudit::run(Store &store, const QStringList &args)
{
    if (args.isEmpty())
        return usage(tr("audit takes verify, list or export"));
    const QString sub = args.first();
    if (sub == QLatin1String("verify")) {
        if (args.size() != 1)
            return usage(tr("audit verify takes no arguments"));
        return verify(store);
    }
    if (sub == QLatin1String("list"))
        return list(store, args.mid(1));
    if (sub == QLatin1String("export")) {
        if (args.size() != 2 || args.at(1).startsWith(QLatin1String("--")))
            return usage(tr("audit export takes one FILE"));
        return exportTo(store, args.at(1));
    }
    return usage(tr("audit takes verify, list or export, not \"%1\"").arg(sub));
}

} // namespace Proto
