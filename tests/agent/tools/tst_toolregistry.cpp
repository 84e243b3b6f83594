#include "cappedtext.h"
#include "globtool.h"
#include "machine.h"
#include "schemavalidator.h"
#include "shellquote.h"
#include "textdiff.h"
#include "textfiles.h"
#include "toolregistry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace Proto;
using namespace Qt::StringLiterals;

namespace {
QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

// A machine whose connection failed: no operation may be attempted on it.
class FailedMachine final : public Machine
{
public:
    Kind kind() const override { return Kind::Ssh; }
    QString name() const override { return u"build-vm"_s; }
    State state() const override { return State::Failed; }
    QString stateMessage() const override { return u"host unreachable"_s; }
    QString homePath() const override { return u"/home/x"_s; }
    CommandJob *run(const CommandSpec &) override { return nullptr; }
    FileJob *readFile(const QString &, qint64, qint64) override { return nullptr; }
    FileJob *writeFile(const QString &, const QByteArray &, const WriteOptions &) override { return nullptr; }
    FileJob *list(const QString &) override { return nullptr; }
    FileJob *stat(const QString &) override { return nullptr; }
    FileJob *makeDirectory(const QString &, bool) override { return nullptr; }
    FileJob *remove(const QString &, bool) override { return nullptr; }
    FileJob *rename(const QString &, const QString &) override { return nullptr; }
    FileJob *canonicalPath(const QString &) override { return nullptr; }
    FileJob *download(const QString &, const QString &) override { return nullptr; }
    FileJob *upload(const QString &, const QString &) override { return nullptr; }
    MachineTunnel *openTunnel(const QString &, quint16, QObject *) override { return nullptr; }
};
} // namespace

class TestToolRegistry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void anthropicDefinitionsUseTrainedTypes()
    {
        const auto registry = ToolRegistry::createStandard();
        QCOMPARE(registry->names(),
            (QStringList { u"bash"_s, u"read"_s, u"write"_s, u"edit"_s, u"str_replace_based_edit_tool"_s,
                u"glob"_s, u"grep"_s, u"git"_s }));
        const QJsonArray anthropic = registry->definitions(ToolRegistry::Flavor::Anthropic);
        QCOMPARE(anthropic.size(), 8);
        QCOMPARE(anthropic.at(0).toObject(), json(R"({"type": "bash_20250124", "name": "bash"})"));
        QCOMPARE(anthropic.at(4).toObject(),
            json(R"({"type": "text_editor_20250728", "name": "str_replace_based_edit_tool"})"));
        const QJsonObject read = anthropic.at(1).toObject();
        QCOMPARE(read.value(u"name"_s).toString(), u"read"_s);
        QVERIFY(!read.value(u"description"_s).toString().isEmpty());
        QCOMPARE(read.value(u"input_schema"_s).toObject().value(u"type"_s).toString(), u"object"_s);

        const QJsonArray openAi
            = registry->definitions(ToolRegistry::Flavor::OpenAi, { u"bash"_s, u"grep"_s });
        QCOMPARE(openAi.size(), 2);
        const QJsonObject bash = openAi.at(0).toObject();
        QCOMPARE(bash.value(u"type"_s).toString(), u"function"_s);
        const QJsonObject function = bash.value(u"function"_s).toObject();
        QCOMPARE(function.value(u"name"_s).toString(), u"bash"_s);
        QVERIFY(function.value(u"parameters"_s)
                    .toObject()
                    .value(u"properties"_s)
                    .toObject()
                    .contains(u"command"_s));
        QCOMPARE(registry->definitions(ToolRegistry::Flavor::Anthropic, {}).size(), 0);
    }

    void disallowedToolIsAnError()
    {
        const auto registry = ToolRegistry::createStandard();
        ToolContext context; // no machine needed: refused before running
        std::unique_ptr<ToolJob> job(
            registry->run(u"bash"_s, json(R"({"command": "true"})"), context, { u"read"_s }));
        QSignalSpy spy(job.get(), &ToolJob::finished);
        QVERIFY(!job->isFinished()); // never synchronous
        QVERIFY(spy.wait(2000));
        QVERIFY(job->result().isError);
        QVERIFY(job->result().text().contains(u"Available tools: read"_s));
        job.reset(registry->run(u"read"_s, json(R"({"path": "x"})"), context));
        QVERIFY(QSignalSpy(job.get(), &ToolJob::finished).wait(2000));
        QVERIFY(job->result().text().contains(u"No machine"_s));
        FailedMachine failed;
        context.machine = &failed;
        job.reset(registry->run(u"read"_s, json(R"({"path": "x"})"), context));
        QVERIFY(QSignalSpy(job.get(), &ToolJob::finished).wait(2000));
        QCOMPARE(
            job->result().text(), u"build-vm is not connected (host unreachable); try again once it is."_s);
    }

    void schemaValidation_data()
    {
        QTest::addColumn<QJsonObject>("schema");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("error");
        const QJsonObject schema
            = json(R"({"type": "object", "required": ["a"], "additionalProperties": false,
            "properties": {"a": {"type": "string", "minLength": 1, "maxLength": 3},
                           "n": {"type": ["integer", "null"], "minimum": -1, "maximum": 5},
                           "e": {"enum": ["x", 2, true]},
                           "l": {"type": "array", "items": {"type": "object", "properties": {"k": {"type": "boolean"}}},
                                 "maxItems": 2}}})");
        QTest::newRow("ok") << schema
                            << QJsonValue(json(R"({"a": "abc", "n": null, "e": 2, "l": [{"k": true}]})"))
                            << QString();
        QTest::newRow("not an object")
            << schema << QJsonValue(u"x"_s) << u"input: expected object, got a string"_s;
        QTest::newRow("missing") << schema << QJsonValue(json(R"({})")) << u"missing required field \"a\""_s;
        QTest::newRow("too short") << schema << QJsonValue(json(R"({"a": ""})"))
                                   << u"input.a: must be at least 1"_s;
        QTest::newRow("too long") << schema << QJsonValue(json(R"({"a": "abcd"})"))
                                  << u"input.a: must be at most 3"_s;
        QTest::newRow("float for int") << schema << QJsonValue(json(R"({"a": "a", "n": 1.5})"))
                                       << u"input.n: expected integer or null, got a number"_s;
        QTest::newRow("below minimum")
            << schema << QJsonValue(json(R"({"a": "a", "n": -2})")) << u"less than the minimum"_s;
        QTest::newRow("above maximum")
            << schema << QJsonValue(json(R"({"a": "a", "n": 6})")) << u"more than the maximum"_s;
        QTest::newRow("enum") << schema << QJsonValue(json(R"({"a": "a", "e": "y"})"))
                              << u"input.e: \"y\" is not one of \"x\", 2, true"_s;
        QTest::newRow("nested item") << schema
                                     << QJsonValue(json(R"({"a": "a", "l": [{"k": true}, {"k": 1}]})"))
                                     << u"input.l[1].k: expected boolean, got an integer"_s;
        QTest::newRow("max items") << schema << QJsonValue(json(R"({"a": "a", "l": [{}, {}, {}]})"))
                                   << u"takes at most 2 items"_s;
        QTest::newRow("extra") << schema << QJsonValue(json(R"({"a": "a", "zz": 1})"))
                               << u"input.zz: unknown field"_s;
    }

    void schemaValidation()
    {
        QFETCH(QJsonObject, schema);
        QFETCH(QJsonValue, value);
        QFETCH(QString, error);
        const QString actual = SchemaValidator::validate(value, schema);
        if (error.isEmpty())
            QCOMPARE(actual, QString());
        else
            QVERIFY2(actual.contains(error), qPrintable(actual));
    }

    void unifiedDiff()
    {
        TextDiff::Stats stats;
        QString diff = TextDiff::unified(u"a\nb\nc\n"_s, u"a\nB\nc\n"_s, u"a/f"_s, u"b/f"_s, 3, &stats);
        QCOMPARE(diff, u"--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"_s);
        QCOMPARE(stats.added, 1);
        QCOMPARE(stats.removed, 1);
        diff = TextDiff::unified(u"x"_s, u"x\n"_s, u"a"_s, u"b"_s);
        QCOMPARE(diff, u"--- a\n+++ b\n@@ -1 +1 @@\n-x\n\\ No newline at end of file\n+x\n"_s);
        QCOMPARE(TextDiff::unified(u"same"_s, u"same"_s, u"a"_s, u"b"_s), QString());
        // Two changes far apart make two hunks.
        QStringList before, after;
        for (int i = 1; i <= 30; ++i)
            before << QString::number(i);
        after = before;
        after[1] = u"two"_s;
        after[25] = u"twenty-six"_s;
        diff = TextDiff::unified(before.join(u'\n') + u'\n', after.join(u'\n') + u'\n', u"a"_s, u"b"_s);
        QCOMPARE(diff.count(u"@@ -"_s), 2);
        QVERIFY(diff.contains(u"@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n"_s));
        QVERIFY(diff.contains(u"@@ -23,7 +23,7 @@\n"_s));
    }

    void cappedTextKeepsHeadAndTail()
    {
        CappedText text(10);
        for (int i = 0; i < 1000; ++i)
            text.append(u"0123456789"_s);
        QCOMPARE(text.totalChars(), 10000);
        QCOMPARE(text.cutChars(), 9990);
        QVERIFY(text.text().startsWith(u"01234\n\n[... 9990 of 10000"_s));
        QVERIFY(text.text().endsWith(u"56789"_s));
        CappedText small(100);
        small.append(u"short"_s);
        QCOMPARE(small.text(), u"short"_s);
    }

    void globPatterns_data()
    {
        QTest::addColumn<QString>("glob");
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("matches");
        QTest::newRow("star") << u"*.cpp"_s << u"a.cpp"_s << true;
        QTest::newRow("star stays in folder") << u"*.cpp"_s << u"src/a.cpp"_s << false;
        QTest::newRow("globstar none") << u"**/*.cpp"_s << u"a.cpp"_s << true;
        QTest::newRow("globstar deep") << u"**/*.cpp"_s << u"x/y/z/a.cpp"_s << true;
        QTest::newRow("braces") << u"src/*.{cpp,h}"_s << u"src/a.h"_s << true;
        QTest::newRow("class") << u"file[0-9].txt"_s << u"file7.txt"_s << true;
        QTest::newRow("negated class") << u"file[!0-9].txt"_s << u"file7.txt"_s << false;
        QTest::newRow("question") << u"?.md"_s << u"ab.md"_s << false;
        QTest::newRow("regex chars literal") << u"a+(b).txt"_s << u"a+(b).txt"_s << true;
        QTest::newRow("dot literal") << u"*.txt"_s << u"atxt"_s << false;
    }

    void globPatterns()
    {
        QFETCH(QString, glob);
        QFETCH(QString, path);
        QFETCH(bool, matches);
        const QRegularExpression rx(GlobTool::toRegularExpression(glob));
        QVERIFY(rx.isValid());
        QCOMPARE(rx.match(path).hasMatch(), matches);
    }

    void binaryDetection()
    {
        QVERIFY(!TextFiles::isBinary("plain text\n"_ba));
        QVERIFY(!TextFiles::isBinary(u"ünïcödé ✓"_s.toUtf8()));
        QVERIFY(!TextFiles::isBinary(u"cut ✓"_s.toUtf8().chopped(1))); // a sequence cut by a size cap
        QVERIFY(TextFiles::isBinary("nul\0byte"_ba));
        QVERIFY(TextFiles::isBinary("latin1 caf\xe9 au lait"_ba));
    }

    void shellQuoting_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("quoted");
        QTest::newRow("plain") << u"src/main.cpp"_s << u"src/main.cpp"_s;
        QTest::newRow("empty") << QString() << u"''"_s;
        QTest::newRow("space") << u"a b"_s << u"'a b'"_s;
        QTest::newRow("quote") << u"it's"_s << u"'it'\\''s'"_s;
        QTest::newRow("substitution") << u"$(x)"_s << u"'$(x)'"_s;
        QTest::newRow("newline") << u"a\nb"_s << u"'a\nb'"_s;
    }

    void shellQuoting()
    {
        QFETCH(QString, input);
        QFETCH(QString, quoted);
        QCOMPARE(shellQuote(input), quoted);
    }

    void toolResultBlocks()
    {
        ToolResult result = ToolResult::error(u"boom"_s);
        QCOMPARE(result.toAnthropicBlock(u"toolu_1"_s),
            json(R"({"type": "tool_result", "tool_use_id": "toolu_1", "is_error": true,
                     "content": [{"type": "text", "text": "boom"}]})"));
        result = ToolResult::success(QString());
        result.content.append(ToolContent::fromImage("\x89PNG"_ba, u"image/png"_s));
        QCOMPARE(result.toAnthropicBlock(u"t"_s),
            json(R"({"type": "tool_result", "tool_use_id": "t", "content": [{"type": "image",
                     "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw=="}}]})"));
    }
};

QTEST_GUILESS_MAIN(TestToolRegistry)
#include "tst_toolregistry.moc"
