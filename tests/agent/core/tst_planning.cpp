#include "localmachine.h"
#include "planningtasks.h"
#include "planningtool.h"
#include "toolregistry.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Proto;
using namespace Qt::StringLiterals;

class TestPlanning : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    LocalMachine m_machine;

    ToolResult call(const QJsonObject &input)
    {
        PlanningTool tool;
        ToolContext context;
        context.machine = &m_machine;
        context.root = m_dir.path();
        ToolJob *job = tool.run(input, context);
        QSignalSpy spy(job, &ToolJob::finished);
        if (!job->isFinished() && !spy.wait(10000))
            qFatal("planning tool did not finish");
        const ToolResult result = job->result();
        delete job;
        return result;
    }

    QByteArray file(const QString &name)
    {
        QFile f(m_dir.filePath(u".proto/planning/"_s + name));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
    }

private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("tasks"); // -1: invalid

        QTest::newRow("empty file") << QByteArray("") << 0;
        QTest::newRow("whitespace") << QByteArray(" \n\t") << 0;
        QTest::newRow("empty list") << QByteArray("{\"version\":1,\"tasks\":[]}") << 0;
        QTest::newRow("one") << QByteArray(
            "{\"tasks\":[{\"id\":\"T1\",\"title\":\"a\",\"status\":\"todo\"}]}")
                             << 1;
        QTest::newRow("notes") << QByteArray(
            "{\"tasks\":[{\"id\":\"T1\",\"title\":\"a\",\"status\":\"done\",\"notes\":\"x\\ny\"}]}")
                               << 1;
        QTest::newRow("not json") << QByteArray("{tasks:") << -1;
        QTest::newRow("array root") << QByteArray("[]") << -1;
        QTest::newRow("tasks object") << QByteArray("{\"tasks\":{}}") << -1;
        QTest::newRow("task not object") << QByteArray("{\"tasks\":[1]}") << -1;
        QTest::newRow("bad status") << QByteArray(
            "{\"tasks\":[{\"id\":\"T1\",\"title\":\"a\",\"status\":\"finished\"}]}")
                                    << -1;
        QTest::newRow("status number")
            << QByteArray("{\"tasks\":[{\"id\":\"T1\",\"title\":\"a\",\"status\":1}]}") << -1;
        QTest::newRow("empty title") << QByteArray(
            "{\"tasks\":[{\"id\":\"T1\",\"title\":\"  \",\"status\":\"todo\"}]}")
                                     << -1;
        QTest::newRow("newline title")
            << QByteArray("{\"tasks\":[{\"id\":\"T1\",\"title\":\"a\\nb\",\"status\":\"todo\"}]}") << -1;
        QTest::newRow("bad id") << QByteArray(
            "{\"tasks\":[{\"id\":\"../x\",\"title\":\"a\",\"status\":\"todo\"}]}")
                                << -1;
        QTest::newRow("duplicate id") << QByteArray(
            "{\"tasks\":[{\"id\":\"T1\",\"title\":\"a\",\"status\":\"todo\"},{\"id\":\"T1\",\"title\":\"b\","
            "\"status\":\"todo\"}]}") << -1;
        QTest::newRow("notes number")
            << QByteArray("{\"tasks\":[{\"id\":\"T1\",\"title\":\"a\",\"status\":\"todo\",\"notes\":5}]}")
            << -1;
        QTest::newRow("nul in notes") << QByteArray(
            "{\"tasks\":[{\"id\":\"T1\",\"title\":\"a\",\"status\":\"todo\",\"notes\":\"\\u0000\"}]}")
                                      << -1;
        QByteArray many = "{\"tasks\":[";
        for (int i = 0; i <= PlanningTasks::MaxTasks; ++i)
            many += (i ? "," : "") + QByteArray("{\"id\":\"T") + QByteArray::number(i)
                + "\",\"title\":\"t\",\"status\":\"todo\"}";
        many += "]}";
        QTest::newRow("too many") << many << -1;
    }

    void parse()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, tasks);
        QString error;
        const auto list = PlanningTasks::parse(json, &error);
        if (tasks < 0) {
            QVERIFY(!list.has_value());
            QVERIFY(!error.isEmpty());
            return;
        }
        QVERIFY2(list.has_value(), qPrintable(error));
        QCOMPARE(list->tasks().size(), tasks);
        // Serialising and parsing again gives the same list.
        const auto again = PlanningTasks::parse(list->toJson(), &error);
        QVERIFY(again.has_value());
        QCOMPARE(again->tasks(), list->tasks());
    }

    void editList()
    {
        PlanningTasks list;
        QString id;
        QString error;
        QVERIFY(list.add(u"First"_s, {}, {}, &id, &error));
        QCOMPARE(id, u"T1"_s);
        QVERIFY(list.add(u"Second"_s, u"notes"_s, u"doing"_s, &id, &error));
        QCOMPARE(id, u"T2"_s);
        QVERIFY(!list.add(u"Bad"_s, {}, u"later"_s, &id, &error));
        QVERIFY(!list.add(u"  "_s, {}, {}, &id, &error));
        QCOMPARE(list.tasks().size(), 2);
        QVERIFY(list.update(u"T1"_s, std::nullopt, u"done"_s, std::nullopt, &error));
        QCOMPARE(list.find(u"T1"_s)->status, u"done"_s);
        QCOMPARE(list.find(u"T1"_s)->title, u"First"_s);
        QVERIFY(!list.update(u"T1"_s, std::nullopt, u"nope"_s, std::nullopt, &error));
        QCOMPARE(list.find(u"T1"_s)->status, u"done"_s); // unchanged on error
        QVERIFY(!list.update(u"T9"_s, u"x"_s, std::nullopt, std::nullopt, &error));
        QVERIFY(list.remove(u"T1"_s, &error));
        QVERIFY(list.add(u"Third"_s, {}, {}, &id, &error));
        QCOMPARE(id, u"T3"_s); // ids are never reused while higher ones exist
        QVERIFY(list.toMarkdown().contains(u"[~] T2 Second (doing)"_s));
    }

    void toolOnMachine()
    {
        QVERIFY(m_dir.isValid());
        // read of an empty plan
        ToolResult r = call({ { u"action"_s, u"read"_s } });
        QVERIFY2(!r.isError, qPrintable(r.text()));
        QVERIFY(r.text().contains(u"(no tasks yet)"_s));

        r = call({ { u"action"_s, u"write_overview"_s }, { u"content"_s, u"# Goal\nShip it."_s } });
        QVERIFY2(!r.isError, qPrintable(r.text()));
        QCOMPARE(file(u"overview.md"_s), QByteArray("# Goal\nShip it.\n"));
        r = call({ { u"action"_s, u"write_requirements"_s }, { u"content"_s, u"1. Fast\n"_s } });
        QVERIFY(!r.isError);

        r = call({ { u"action"_s, u"add_task"_s }, { u"title"_s, u"Write the parser"_s },
            { u"notes"_s, u"fuzz it"_s } });
        QVERIFY2(!r.isError, qPrintable(r.text()));
        QVERIFY(r.text().contains(u"T1"_s));
        r = call({ { u"action"_s, u"add_task"_s }, { u"title"_s, u"Benchmark"_s } });
        r = call({ { u"action"_s, u"update_task"_s }, { u"id"_s, u"T1"_s }, { u"status"_s, u"doing"_s } });
        QVERIFY2(!r.isError, qPrintable(r.text()));
        QString error;
        const auto stored = PlanningTasks::parse(file(u"tasks.json"_s), &error);
        QVERIFY2(stored.has_value(), qPrintable(error));
        QCOMPARE(stored->tasks().size(), 2);
        QCOMPARE(stored->find(u"T1"_s)->status, u"doing"_s);
        QCOMPARE(stored->find(u"T1"_s)->notes, u"fuzz it"_s);

        r = call({ { u"action"_s, u"read"_s } });
        QVERIFY(r.text().contains(u"Ship it."_s));
        QVERIFY(r.text().contains(u"1. Fast"_s));
        QVERIFY(r.text().contains(u"[~] T1 Write the parser (doing)"_s));

        // Bad input is an error result and changes nothing.
        r = call({ { u"action"_s, u"update_task"_s }, { u"id"_s, u"T1"_s }, { u"status"_s, u"finished"_s } });
        QVERIFY(r.isError);
        r = call({ { u"action"_s, u"update_task"_s }, { u"id"_s, u"T7"_s }, { u"title"_s, u"x"_s } });
        QVERIFY(r.isError);
        r = call({ { u"action"_s, u"explode"_s } });
        QVERIFY(r.isError);
        QCOMPARE(PlanningTasks::parse(file(u"tasks.json"_s), &error)->tasks(), stored->tasks());

        // A corrupted tasks.json is reported and left alone.
        {
            QFile f(m_dir.filePath(u".proto/planning/tasks.json"_s));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("{ broken");
        }
        r = call({ { u"action"_s, u"add_task"_s }, { u"title"_s, u"x"_s } });
        QVERIFY(r.isError);
        QVERIFY(r.text().contains(u"not valid JSON"_s));
        QCOMPARE(file(u"tasks.json"_s), QByteArray("{ broken"));
        r = call({ { u"action"_s, u"read"_s } });
        QVERIFY(!r.isError);
        QVERIFY(r.text().contains(u"invalid"_s));
    }

    void registryValidatesInput()
    {
        ToolRegistry registry;
        registry.add(std::make_unique<PlanningTool>());
        QVERIFY(registry.validate(u"planning"_s, { { u"action"_s, u"read"_s } }).isEmpty());
        QVERIFY(!registry.validate(u"planning"_s, { { u"action"_s, 5 } }).isEmpty());
        QVERIFY(
            !registry.validate(u"planning"_s, { { u"action"_s, u"read"_s }, { u"extra"_s, 1 } }).isEmpty());
        QCOMPARE(PlanningTool::folder(u"/home/u/proj/"_s), u"/home/u/proj/.proto/planning"_s);
        QCOMPARE(PlanningTool::folder(u"/"_s), u"/.proto/planning"_s);
    }
};

QTEST_GUILESS_MAIN(TestPlanning)
#include "tst_planning.moc"
