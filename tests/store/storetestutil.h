#pragma once

#include "store.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QTest>
#include <QUuid>
#include <QVariant>

// Small helpers shared by the store tests: a raw SQLite connection beside the store (to
// inspect or tamper with the file) and a one-line open.
namespace StoreTest {

// A scoped raw connection to `path`, closed and removed on destruction.
class RawDb final
{
    Q_DISABLE_COPY_MOVE(RawDb)

public:
    explicit RawDb(const QString &path)
        : m_name(QStringLiteral("raw-") + QUuid::createUuid().toString(QUuid::Id128))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        m_ok = db.open();
    }
    ~RawDb()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    bool isOpen() const { return m_ok; }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }

    // Runs a statement; returns the first column of the first row (or an invalid QVariant),
    // *ok says whether it ran.
    QVariant value(const QString &sql, bool *ok = nullptr) const
    {
        QSqlQuery query(db());
        const bool ran = query.exec(sql);
        if (!ran)
            qWarning("raw SQL failed: %s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
        if (ok)
            *ok = ran;
        return ran && query.next() ? query.value(0) : QVariant();
    }
    bool exec(const QString &sql) const
    {
        bool ok = false;
        value(sql, &ok);
        return ok;
    }

private:
    QString m_name;
    bool m_ok = false;
};

} // namespace StoreTest
