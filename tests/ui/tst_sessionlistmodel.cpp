#include "sessionfiltermodel.h"
#include "sessionlistmodel.h"
#include "store.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Proto;

class TestSessionListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void normalizedTitle_data();
    void normalizedTitle();
    void writesGoToTheStore();
    void changesFromElsewhereAreMerged();
    void filterWords_data();
    void filterWords();

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    std::unique_ptr<Store> freshStore();
};

void TestSessionListModel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    qputenv("PROTO_DESKTOP_HOME", QFile::encodeName(m_dir.path()));
}

std::unique_ptr<Store> TestSessionListModel::freshStore()
{
    auto result = Store::open(m_dir.filePath(QStringLiteral("s%1.sqlite").arg(++m_counter)));
    return std::move(result.store);
}

void TestSessionListModel::normalizedTitle_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << QStringLiteral("Fix the build") << QStringLiteral("Fix the build");
    QTest::newRow("spaces") << QStringLiteral("  a \t b  ") << QStringLiteral("a b");
    QTest::newRow("newlines") << QStringLiteral("one\r\ntwo\nthree") << QStringLiteral("one two three");
    QTest::newRow("nul") << QString(QStringLiteral("a") + QChar(0) + QStringLiteral("b"))
                         << QStringLiteral("ab");
    QTest::newRow("only spaces") << QStringLiteral(" \t\r\n ") << QString();
    QTest::newRow("shell") << QStringLiteral("$(rm -rf /); `id` 'x' \"y\"")
                           << QStringLiteral("$(rm -rf /); `id` 'x' \"y\"");
    QTest::newRow("html") << QStringLiteral("<b>bold</b> &amp;") << QStringLiteral("<b>bold</b> &amp;");
    QTest::newRow("emoji") << QStringLiteral("🚀 ünïcødé") << QStringLiteral("🚀 ünïcødé");
    QTest::newRow("huge") << QString(100000, u'x') << QString(200, u'x');
}

void TestSessionListModel::normalizedTitle()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(SessionListModel::normalizedTitle(input), expected);
}

void TestSessionListModel::writesGoToTheStore()
{
    auto store = freshStore();
    QVERIFY(store);
    SessionListModel model(store.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);

    const auto created = model.createSession(QStringLiteral("  Title\nwith newline "),
        QStringLiteral("local"), m_dir.path(), QStringLiteral("some-model"));
    QVERIFY(created);
    QCOMPARE(created->title, QStringLiteral("Title with newline"));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(store->sessions().size(), 1);
    QCOMPARE(store->session(created->id)->model, QStringLiteral("some-model"));
    QCOMPARE(
        model.index(0).data(SessionListModel::MachineNameRole).toString(), QStringLiteral("This computer"));
    QCOMPARE(model.index(0).data(SessionListModel::StateRole).toString(), QStringLiteral("idle"));

    // Rename through setData, as the inline editor does.
    QVERIFY(model.setData(model.index(0), QStringLiteral("Renamed"), Qt::EditRole));
    QCOMPARE(store->session(created->id)->title, QStringLiteral("Renamed"));
    QVERIFY(!model.setData(model.index(0), QString(), Qt::EditRole));
    QCOMPARE(store->session(created->id)->title, QStringLiteral("Renamed"));

    QVERIFY(model.setArchived(created->id, true));
    QVERIFY(store->session(created->id)->archived);
    QVERIFY(model.remove(created->id));
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(store->sessions().isEmpty());
    QVERIFY(!model.remove(created->id));
    QVERIFY(!model.rename(QStringLiteral("no-such-id"), QStringLiteral("x")));
}

void TestSessionListModel::changesFromElsewhereAreMerged()
{
    auto store = freshStore();
    QVERIFY(store);
    SessionListModel model(store.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto mine = model.createSession(QStringLiteral("Mine"), QStringLiteral("local"), m_dir.path(), {});
    QVERIFY(mine);
    QSignalSpy changed(&model, &SessionListModel::sessionChanged);
    QSignalSpy removed(&model, &SessionListModel::sessionRemoved);

    // The agent sets the state; another part adds a session: both arrive via sessionsChanged.
    SessionRecord running = *mine;
    running.state = QStringLiteral("running");
    store->saveSession(running);
    SessionRecord other;
    other.id = Store::newId();
    other.title = QStringLiteral("Other");
    other.machineId = QStringLiteral("local");
    other.state = QStringLiteral("waiting");
    other.created = QDateTime::currentDateTimeUtc();
    other.updated = other.created;
    store->saveSession(other);
    QVERIFY(store->flush());
    QTRY_COMPARE(model.rowCount(), 2);
    QTRY_COMPARE(model.session(mine->id)->state, QStringLiteral("running"));
    QVERIFY(changed.count() >= 1);
    QCOMPARE(model.index(model.indexOf(other.id).row()).data(SessionListModel::StateTextRole).toString(),
        QStringLiteral("Waiting for you"));

    store->removeSession(other.id);
    QVERIFY(store->flush());
    QTRY_COMPARE(model.rowCount(), 1);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.first().first().toString(), other.id);
}

void TestSessionListModel::filterWords_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<bool>("showArchived");
    QTest::addColumn<int>("expected");
    QTest::newRow("empty") << QString() << false << 3;
    QTest::newRow("empty with archived") << QString() << true << 4;
    QTest::newRow("word") << QStringLiteral("deploy") << false << 2;
    QTest::newRow("case") << QStringLiteral("DePlOy") << false << 2;
    QTest::newRow("two words") << QStringLiteral("deploy prod") << false << 1;
    QTest::newRow("machine name") << QStringLiteral("computer") << false << 3;
    QTest::newRow("folder") << QStringLiteral("srv/www") << false << 1;
    QTest::newRow("archived only") << QStringLiteral("old") << false << 0;
    QTest::newRow("archived shown") << QStringLiteral("old") << true << 1;
    QTest::newRow("regex chars") << QStringLiteral(".*") << false << 0;
    QTest::newRow("shell") << QStringLiteral("$(id)") << false << 0;
    QTest::newRow("whitespace") << QStringLiteral(" \t ") << false << 3;
}

void TestSessionListModel::filterWords()
{
    QFETCH(QString, search);
    QFETCH(bool, showArchived);
    QFETCH(int, expected);
    auto store = freshStore();
    QVERIFY(store);
    SessionListModel model(store.get());
    QVERIFY(model.createSession(
        QStringLiteral("Deploy prod"), QStringLiteral("local"), QStringLiteral("/srv/www"), {}));
    QVERIFY(model.createSession(
        QStringLiteral("Deploy staging"), QStringLiteral("local"), QStringLiteral("/tmp"), {}));
    QVERIFY(model.createSession(
        QStringLiteral("Write report"), QStringLiteral("local"), QStringLiteral("/home"), {}));
    const auto old = model.createSession(
        QStringLiteral("Old thing"), QStringLiteral("local"), QStringLiteral("/opt"), {});
    QVERIFY(old);
    QVERIFY(model.setArchived(old->id, true));

    SessionFilterModel filter;
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    filter.setSourceModel(&model);
    filter.setShowArchived(showArchived);
    filter.setSearchText(search);
    QCOMPARE(filter.rowCount(), expected);
}

QTEST_MAIN(TestSessionListModel)
#include "tst_sessionlistmodel.moc"
