#include "globpattern.h"
#include "policy.h"
#include "shellsplitter.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Proto;
using namespace Qt::StringLiterals;

namespace {
QJsonObject obj(const char *json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(json), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", json);
    return doc.object();
}

const QString Home = QStringLiteral("/home/u");
const QString Cwd = QStringLiteral("/home/u/proj");
} // namespace

class TestPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void glob_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<bool>("path");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("matches");

        QTest::newRow("prefix") << u"git push*"_s << false << u"git push origin main"_s << true;
        QTest::newRow("prefix exact") << u"git push*"_s << false << u"git push"_s << true;
        QTest::newRow("prefix other") << u"git push*"_s << false << u"git pull"_s << false;
        QTest::newRow("text star crosses slash") << u"cat *"_s << false << u"cat /etc/passwd"_s << true;
        QTest::newRow("path star stops at slash")
            << u"/etc/*"_s << true << u"/etc/ssh/sshd_config"_s << false;
        QTest::newRow("path star one level") << u"/etc/*"_s << true << u"/etc/passwd"_s << true;
        QTest::newRow("double star") << u"/etc/**"_s << true << u"/etc/ssh/sshd_config"_s << true;
        QTest::newRow("double star slash zero dirs") << u"/home/**/x"_s << true << u"/home/x"_s << true;
        QTest::newRow("double star slash dirs") << u"/home/**/x"_s << true << u"/home/a/b/x"_s << true;
        QTest::newRow("double star slash no partial") << u"/home/**/x"_s << true << u"/home/ax"_s << false;
        QTest::newRow("question") << u"a?c"_s << false << u"abc"_s << true;
        QTest::newRow("question path slash") << u"a?c"_s << true << u"a/c"_s << false;
        QTest::newRow("escaped star") << u"a\\*b"_s << false << u"a*b"_s << true;
        QTest::newRow("escaped star literal only") << u"a\\*b"_s << false << u"axb"_s << false;
        QTest::newRow("empty pattern empty text") << u""_s << false << u""_s << true;
        QTest::newRow("empty pattern text") << u""_s << false << u"x"_s << false;
        QTest::newRow("star empty") << u"*"_s << false << u""_s << true;
        QTest::newRow("newline in text") << u"echo*"_s << false << u"echo a\nrm -rf /"_s << true;
        QTest::newRow("unicode") << u"é*ü"_s << false << u"éxxü"_s << true;
        QTest::newRow("trailing backslash") << u"a\\"_s << false << u"a\\"_s << true;
        QTest::newRow("pathological") << u"*a*a*a*a*a*a*a*a*b"_s << false << QString(5000, u'a') << false;
    }

    void glob()
    {
        QFETCH(QString, pattern);
        QFETCH(bool, path);
        QFETCH(QString, text);
        QFETCH(bool, matches);
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(GlobPattern(pattern, path ? GlobPattern::Mode::Path : GlobPattern::Mode::Text).matches(text),
            matches);
        QVERIFY(timer.elapsed() < 1000);
    }

    void shellSplit_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QStringList>("segments");

        QTest::newRow("simple") << u"git status"_s << QStringList { u"git status"_s };
        QTest::newRow("and") << u"a && b"_s << QStringList { u"a"_s, u"b"_s };
        QTest::newRow("all separators")
            << u"a; b || c | d & e\nf"_s << QStringList { u"a"_s, u"b"_s, u"c"_s, u"d"_s, u"e"_s, u"f"_s };
        QTest::newRow("quotes removed")
            << u"\"git\"  'push'   origin"_s << QStringList { u"git push origin"_s };
        QTest::newRow("quoted separator")
            << u"echo 'a; b' \"c && d\""_s << QStringList { u"echo a; b c && d"_s };
        QTest::newRow("backslash") << u"g\\it push"_s << QStringList { u"git push"_s };
        QTest::newRow("substitution")
            << u"echo $(rm -rf /)"_s << QStringList { u"echo $(rm -rf /)"_s, u"rm -rf /"_s };
        QTest::newRow("backticks") << u"echo `id`"_s << QStringList { u"echo `id`"_s, u"id"_s };
        QTest::newRow("substitution in double quotes")
            << u"echo \"$(id)\""_s << QStringList { u"echo $(id)"_s, u"id"_s };
        QTest::newRow("no substitution in single quotes")
            << u"echo '$(id)'"_s << QStringList { u"echo $(id)"_s };
        QTest::newRow("nested substitution")
            << u"a $(b $(c))"_s << QStringList { u"a $(b $(c))"_s, u"b $(c)"_s, u"c"_s };
        QTest::newRow("unclosed substitution")
            << u"echo $(git push"_s << QStringList { u"echo $(git push"_s, u"git push"_s };
        QTest::newRow("unclosed quote") << u"echo 'abc"_s << QStringList { u"echo abc"_s };
        QTest::newRow("sh -c") << u"sh -c 'git push; ls'"_s
                               << QStringList { u"sh -c git push; ls"_s, u"git push"_s, u"ls"_s };
        QTest::newRow("eval") << u"eval git push"_s << QStringList { u"eval git push"_s, u"git push"_s };
        QTest::newRow("subshell") << u"(cd x && make)"_s << QStringList { u"cd x"_s, u"make"_s };
        QTest::newRow("comment") << u"ls # rm -rf /"_s << QStringList { u"ls"_s };
        QTest::newRow("line continuation") << u"git \\\npush"_s << QStringList { u"git push"_s };
        QTest::newRow("process substitution")
            << u"diff <(ls a) b"_s << QStringList { u"diff <(ls a) b"_s, u"ls a"_s };
        QTest::newRow("empty") << u""_s << QStringList {};
        QTest::newRow("only separators") << u";;&&||"_s << QStringList {};
    }

    void shellSplit()
    {
        QFETCH(QString, command);
        QFETCH(QStringList, segments);
        QStringList texts;
        const QList<ShellSegment> split = ShellSplitter::split(command);
        for (const ShellSegment &segment : split)
            texts.append(segment.text);
        QCOMPARE(texts, segments);
    }

    void shellSplitDeepNesting()
    {
        QString command = QStringLiteral("rm -rf /");
        for (int i = 0; i < 50; ++i)
            command = QStringLiteral("echo $(") + command + u')';
        QElapsedTimer timer;
        timer.start();
        const QList<ShellSegment> split = ShellSplitter::split(command);
        QVERIFY(timer.elapsed() < 2000);
        QVERIFY(!split.isEmpty());
        // Too deep to follow: a deny rule still sees the raw text, no allow rule passes it.
        Policy policy = Policy::fromJson(obj("{\"allow\":[\"bash(echo*)\"],\"deny\":[\"bash(*rm -rf*)\"]}"));
        const PolicySubject subject { QStringLiteral("bash"), PolicySubject::Kind::Command, command };
        QCOMPARE(policy.decide(subject, Cwd, Home).action, PolicyRule::Action::Deny);
        policy = Policy::fromJson(obj("{\"allow\":[\"bash(echo*)\"]}"));
        QCOMPARE(policy.decide(subject, Cwd, Home).action, PolicyRule::Action::Ask);
    }

    void parseRule_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("tool");
        QTest::addColumn<QString>("pattern");

        QTest::newRow("tool") << u"bash"_s << true << u"bash"_s << u""_s;
        QTest::newRow("tool upper") << u"  Bash  "_s << true << u"bash"_s << u""_s;
        QTest::newRow("pattern") << u"bash(git push*)"_s << true << u"bash"_s << u"git push*"_s;
        QTest::newRow("parens in pattern") << u"bash(echo (a))"_s << true << u"bash"_s << u"echo (a)"_s;
        QTest::newRow("star pattern is any") << u"write(*)"_s << true << u"write"_s << u""_s;
        QTest::newRow("any tool") << u"*(/etc/**)"_s << true << u"*"_s << u"/etc/**"_s;
        QTest::newRow("empty") << u""_s << false << u""_s << u""_s;
        QTest::newRow("blank") << u"   "_s << false << u""_s << u""_s;
        QTest::newRow("open only") << u"("_s << false << u""_s << u""_s;
        QTest::newRow("unclosed") << u"bash(git"_s << false << u""_s << u""_s;
        QTest::newRow("empty parens") << u"bash()"_s << false << u""_s << u""_s;
        QTest::newRow("blank parens") << u"bash(   )"_s << false << u""_s << u""_s;
        QTest::newRow("space in tool") << u"ba sh"_s << false << u""_s << u""_s;
        QTest::newRow("trailing text") << u"bash(x) y"_s << false << u""_s << u""_s;
        QTest::newRow("reversed") << u"bash)x("_s << false << u""_s << u""_s;
        QTest::newRow("path as tool") << u"../etc"_s << false << u""_s << u""_s;
        QTest::newRow("nul in pattern")
            << QStringLiteral("bash(a") + QChar(0) + QStringLiteral("b)") << false << u""_s << u""_s;
        QTest::newRow("escape in pattern") << u"bash(a\x1b[31m)"_s << false << u""_s << u""_s;
        QTest::newRow("too long") << QStringLiteral("bash(") + QString(5000, u'a') + u')' << false << u""_s
                                  << u""_s;
        QTest::newRow("injection tool") << u"bash;rm"_s << false << u""_s << u""_s;
    }

    void parseRule()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(QString, tool);
        QFETCH(QString, pattern);
        QString error;
        const auto rule = PolicyRule::parse(text, PolicyRule::Action::Deny, &error);
        QCOMPARE(rule.has_value(), valid);
        if (!valid) {
            QVERIFY(!error.isEmpty());
            return;
        }
        QCOMPARE(rule->tool, tool);
        QCOMPARE(rule->pattern, pattern);
        QCOMPARE(rule->action, PolicyRule::Action::Deny);
        // Round trip.
        const auto again = PolicyRule::parse(rule->toString(), PolicyRule::Action::Deny);
        QVERIFY(again.has_value());
        QCOMPARE(*again, *rule);
    }

    void decide_data()
    {
        QTest::addColumn<QString>("policyJson");
        QTest::addColumn<QString>("tool");
        QTest::addColumn<QString>("inputJson");
        QTest::addColumn<QString>("expected");

        const QString none = QStringLiteral("{}");
        const QString denyPush = QStringLiteral("{\"allow\":[\"bash\"],\"deny\":[\"bash(git push*)\"]}");
        QTest::newRow("default read") << none << u"read"_s << u"{\"path\":\"/etc/passwd\"}"_s << u"allow"_s;
        QTest::newRow("default glob") << none << u"glob"_s << u"{\"pattern\":\"**/*.cpp\"}"_s << u"allow"_s;
        QTest::newRow("default bash") << none << u"bash"_s << u"{\"command\":\"ls\"}"_s << u"ask"_s;
        QTest::newRow("default write") << none << u"write"_s << u"{\"path\":\"a.txt\"}"_s << u"ask"_s;
        QTest::newRow("default unknown tool") << none << u"frobnicate"_s << u"{}"_s << u"ask"_s;
        QTest::newRow("mode auto") << u"{\"mode\":\"auto\"}"_s << u"bash"_s << u"{\"command\":\"ls\"}"_s
                                   << u"allow"_s;
        QTest::newRow("mode deny") << u"{\"mode\":\"deny\"}"_s << u"bash"_s << u"{\"command\":\"ls\"}"_s
                                   << u"deny"_s;
        QTest::newRow("mode deny keeps allow")
            << u"{\"mode\":\"deny\"}"_s << u"read"_s << u"{\"path\":\"x\"}"_s << u"allow"_s;
        QTest::newRow("mode auto keeps deny") << u"{\"mode\":\"auto\",\"deny\":[\"bash(rm *)\"]}"_s
                                              << u"bash"_s << u"{\"command\":\"rm -rf /\"}"_s << u"deny"_s;
        QTest::newRow("configured default")
            << u"{\"defaults\":{\"read\":\"ask\"}}"_s << u"read"_s << u"{\"path\":\"x\"}"_s << u"ask"_s;
        QTest::newRow("default for any tool")
            << u"{\"defaults\":{\"*\":\"deny\"}}"_s << u"frobnicate"_s << u"{}"_s << u"deny"_s;

        QTest::newRow("deny push") << denyPush << u"bash"_s << u"{\"command\":\"git push origin main\"}"_s
                                   << u"deny"_s;
        QTest::newRow("allow other") << denyPush << u"bash"_s << u"{\"command\":\"git status\"}"_s
                                     << u"allow"_s;
        QTest::newRow("push after &&")
            << denyPush << u"bash"_s << u"{\"command\":\"git status && git push\"}"_s << u"deny"_s;
        QTest::newRow("push after ;")
            << denyPush << u"bash"_s << u"{\"command\":\"git status;git push\"}"_s << u"deny"_s;
        QTest::newRow("push after newline")
            << denyPush << u"bash"_s << u"{\"command\":\"true\\ngit push\"}"_s << u"deny"_s;
        QTest::newRow("push in pipe")
            << denyPush << u"bash"_s << u"{\"command\":\"yes | git push\"}"_s << u"deny"_s;
        QTest::newRow("push in $()") << denyPush << u"bash"_s << u"{\"command\":\"echo $(git push)\"}"_s
                                     << u"deny"_s;
        QTest::newRow("push in backticks")
            << denyPush << u"bash"_s << u"{\"command\":\"echo `git push`\"}"_s << u"deny"_s;
        QTest::newRow("push quoted") << denyPush << u"bash"_s << u"{\"command\":\"\\\"git\\\" 'push'\"}"_s
                                     << u"deny"_s;
        QTest::newRow("push escaped")
            << denyPush << u"bash"_s << u"{\"command\":\"g\\\\it pu\\\\sh\"}"_s << u"deny"_s;
        QTest::newRow("push with env")
            << denyPush << u"bash"_s << u"{\"command\":\"GIT_TRACE=1 git push\"}"_s << u"deny"_s;
        QTest::newRow("push with sudo")
            << denyPush << u"bash"_s << u"{\"command\":\"sudo -E git push\"}"_s << u"deny"_s;
        QTest::newRow("push in sh -c")
            << denyPush << u"bash"_s << u"{\"command\":\"bash -c 'git push'\"}"_s << u"deny"_s;
        QTest::newRow("push in /bin/sh -c")
            << denyPush << u"bash"_s << u"{\"command\":\"/bin/sh -c \\\"echo; git push\\\"\"}"_s << u"deny"_s;
        QTest::newRow("push in eval")
            << denyPush << u"bash"_s << u"{\"command\":\"eval \\\"git push\\\"\"}"_s << u"deny"_s;
        QTest::newRow("push in subshell")
            << denyPush << u"bash"_s << u"{\"command\":\"(git push)\"}"_s << u"deny"_s;
        QTest::newRow("push in if") << denyPush << u"bash"_s
                                    << u"{\"command\":\"if true; then git push; fi\"}"_s << u"deny"_s;
        QTest::newRow("push with timeout")
            << denyPush << u"bash"_s << u"{\"command\":\"timeout 10 git push\"}"_s << u"deny"_s;
        QTest::newRow("push in xargs")
            << denyPush << u"bash"_s << u"{\"command\":\"echo x | xargs git push\"}"_s << u"deny"_s;
        QTest::newRow("push mentioned in comment")
            << denyPush << u"bash"_s << u"{\"command\":\"git status # git push\"}"_s << u"allow"_s;

        const QString allowStatus = QStringLiteral("{\"allow\":[\"bash(git status*)\",\"bash(ls*)\"]}");
        QTest::newRow("allow prefix")
            << allowStatus << u"bash"_s << u"{\"command\":\"git status -s\"}"_s << u"allow"_s;
        QTest::newRow("allow both parts")
            << allowStatus << u"bash"_s << u"{\"command\":\"git status && ls\"}"_s << u"allow"_s;
        QTest::newRow("allow needs every part")
            << allowStatus << u"bash"_s << u"{\"command\":\"git status && rm -rf /\"}"_s << u"ask"_s;
        QTest::newRow("allow needs substitution")
            << allowStatus << u"bash"_s << u"{\"command\":\"git status $(rm -rf ~)\"}"_s << u"ask"_s;
        QTest::newRow("allow needs backticks")
            << allowStatus << u"bash"_s << u"{\"command\":\"ls `rm x`\"}"_s << u"ask"_s;
        QTest::newRow("allow needs next line")
            << allowStatus << u"bash"_s << u"{\"command\":\"ls\\nrm -rf /\"}"_s << u"ask"_s;
        QTest::newRow("allow needs background")
            << allowStatus << u"bash"_s << u"{\"command\":\"ls & rm -rf /\"}"_s << u"ask"_s;
        QTest::newRow("allow not with env prefix")
            << allowStatus << u"bash"_s << u"{\"command\":\"LD_PRELOAD=/tmp/x.so ls\"}"_s << u"ask"_s;
        QTest::newRow("allow not with sudo")
            << allowStatus << u"bash"_s << u"{\"command\":\"sudo ls\"}"_s << u"ask"_s;
        QTest::newRow("allow not sh -c")
            << allowStatus << u"bash"_s << u"{\"command\":\"ls; sh -c 'rm -rf /'\"}"_s << u"ask"_s;
        QTest::newRow("allow empty command")
            << allowStatus << u"bash"_s << u"{\"command\":\"\"}"_s << u"ask"_s;
        QTest::newRow("allow whitespace command")
            << allowStatus << u"bash"_s << u"{\"command\":\"  \\t \"}"_s << u"ask"_s;
        QTest::newRow("lsblk is ls*")
            << allowStatus << u"bash"_s << u"{\"command\":\"lsblk\"}"_s << u"allow"_s;

        QTest::newRow("ask beats allow") << u"{\"allow\":[\"bash\"],\"ask\":[\"bash(rm *)\"]}"_s << u"bash"_s
                                         << u"{\"command\":\"rm -rf build\"}"_s << u"ask"_s;
        QTest::newRow("deny beats ask and allow")
            << u"{\"allow\":[\"bash(rm *)\"],\"ask\":[\"bash(rm *)\"],\"deny\":[\"bash(rm *)\"]}"_s
            << u"bash"_s << u"{\"command\":\"rm x\"}"_s << u"deny"_s;
        QTest::newRow("rm -rf / deny") << u"{\"allow\":[\"bash\"],\"deny\":[\"bash(rm -rf /*)\"]}"_s
                                       << u"bash"_s << u"{\"command\":\"rm -rf /\"}"_s << u"deny"_s;

        const QString denyEtc = QStringLiteral("{\"allow\":[\"write\",\"edit\"],\"deny\":[\"write(/etc/"
                                               "**)\",\"edit(*.env)\",\"write(~/.ssh/**)\"]}");
        QTest::newRow("write etc") << denyEtc << u"write"_s << u"{\"path\":\"/etc/passwd\"}"_s << u"deny"_s;
        QTest::newRow("write etc deep")
            << denyEtc << u"write"_s << u"{\"path\":\"/etc/ssh/sshd_config\"}"_s << u"deny"_s;
        QTest::newRow("write etc itself") << denyEtc << u"write"_s << u"{\"path\":\"/etc\"}"_s << u"deny"_s;
        QTest::newRow("write etc dotdot")
            << denyEtc << u"write"_s << u"{\"path\":\"/home/u/proj/../../../etc/passwd\"}"_s << u"deny"_s;
        QTest::newRow("write etc relative")
            << denyEtc << u"write"_s << u"{\"path\":\"../../../etc/shadow\"}"_s << u"deny"_s;
        QTest::newRow("write etc double slash")
            << denyEtc << u"write"_s << u"{\"path\":\"//etc//passwd\"}"_s << u"deny"_s;
        QTest::newRow("write etc dot")
            << denyEtc << u"write"_s << u"{\"path\":\"/./etc/./passwd\"}"_s << u"deny"_s;
        QTest::newRow("write etcetera")
            << denyEtc << u"write"_s << u"{\"path\":\"/etcetera/x\"}"_s << u"allow"_s;
        QTest::newRow("write file_path key")
            << denyEtc << u"write"_s << u"{\"file_path\":\"/etc/hosts\"}"_s << u"deny"_s;
        QTest::newRow("write home ssh")
            << denyEtc << u"write"_s << u"{\"path\":\"~/.ssh/authorized_keys\"}"_s << u"deny"_s;
        QTest::newRow("write home ssh absolute")
            << denyEtc << u"write"_s << u"{\"path\":\"/home/u/.ssh/config\"}"_s << u"deny"_s;
        QTest::newRow("edit dot env")
            << denyEtc << u"edit"_s << u"{\"path\":\"/home/u/proj/.env\"}"_s << u"deny"_s;
        QTest::newRow("edit prod env")
            << denyEtc << u"edit"_s << u"{\"path\":\"config/prod.env\"}"_s << u"deny"_s;
        QTest::newRow("edit env example")
            << denyEtc << u"edit"_s << u"{\"path\":\".env.example\"}"_s << u"allow"_s;
        QTest::newRow("edit env is not write")
            << denyEtc << u"write"_s << u"{\"path\":\".env\"}"_s << u"allow"_s;
        QTest::newRow("write nul in path")
            << denyEtc << u"write"_s << u"{\"path\":\"/etc/passwd\\u0000.txt\"}"_s << u"deny"_s;

        QTest::newRow("text editor create is write")
            << denyEtc << u"str_replace_based_edit_tool"_s
            << u"{\"command\":\"create\",\"path\":\"/etc/motd\"}"_s << u"deny"_s;
        QTest::newRow("text editor str_replace is edit")
            << denyEtc << u"str_replace_based_edit_tool"_s
            << u"{\"command\":\"str_replace\",\"path\":\"a/.env\"}"_s << u"deny"_s;
        QTest::newRow("text editor view is read")
            << denyEtc << u"str_replace_based_edit_tool"_s
            << u"{\"command\":\"view\",\"path\":\"/etc/passwd\"}"_s << u"allow"_s;
        QTest::newRow("relative pattern") << u"{\"allow\":[\"write(src/**)\"]}"_s << u"write"_s
                                          << u"{\"path\":\"src/a/b.cpp\"}"_s << u"allow"_s;
        QTest::newRow("relative pattern elsewhere")
            << u"{\"allow\":[\"write(src/**)\"]}"_s << u"write"_s
            << u"{\"path\":\"/home/u/other/src/b.cpp\"}"_s << u"ask"_s;
        QTest::newRow("relative pattern escape") << u"{\"allow\":[\"write(src/**)\"]}"_s << u"write"_s
                                                 << u"{\"path\":\"src/../../x\"}"_s << u"ask"_s;
        QTest::newRow("any tool rule")
            << u"{\"deny\":[\"*(/etc/**)\"]}"_s << u"read"_s << u"{\"path\":\"/etc/shadow\"}"_s << u"deny"_s;
        QTest::newRow("rule tool case")
            << u"{\"deny\":[\"READ(*.pem)\"]}"_s << u"Read"_s << u"{\"path\":\"/x/key.pem\"}"_s << u"deny"_s;
        QTest::newRow("text tool") << u"{\"allow\":[\"fetch(https://docs.example/*)\"]}"_s << u"fetch"_s
                                   << u"{\"url\":\"https://docs.example/a\"}"_s << u"allow"_s;
        QTest::newRow("text tool other") << u"{\"allow\":[\"fetch(https://docs.example/*)\"]}"_s << u"fetch"_s
                                         << u"{\"url\":\"https://evil.example/a\"}"_s << u"ask"_s;
    }

    void decide()
    {
        QFETCH(QString, policyJson);
        QFETCH(QString, tool);
        QFETCH(QString, inputJson);
        QFETCH(QString, expected);
        QStringList errors;
        const Policy policy
            = Policy::fromJson(QJsonDocument::fromJson(policyJson.toUtf8()).object(), &errors);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        const QJsonObject input = QJsonDocument::fromJson(inputJson.toUtf8()).object();
        const PolicySubject subject = PolicySubject::fromToolInput(tool, input, Cwd, Home);
        const PolicyDecision decision = policy.decide(subject, Cwd, Home);
        QCOMPARE(policyActionName(decision.action), expected);
        QVERIFY(!decision.reason.isEmpty());
    }

    void hugeInputIsFast()
    {
        const Policy policy
            = Policy::fromJson(obj("{\"allow\":[\"bash(git status*)\"],\"deny\":[\"bash(*a*a*a*a*b*)\"]}"));
        const QString command = QStringLiteral("git status ") + QString(200000, u'a');
        QElapsedTimer timer;
        timer.start();
        const PolicySubject subject { QStringLiteral("bash"), PolicySubject::Kind::Command, command };
        QCOMPARE(policy.decide(subject, Cwd, Home).action, PolicyRule::Action::Allow);
        QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
    }

    void fromJsonReportsBadEntries()
    {
        QStringList errors;
        const Policy policy = Policy::fromJson(
            obj("{\"mode\":\"sometimes\",\"allow\":[\"read\", 3, \"bash(\", "
                "\"bash(ls*)\"],\"deny\":\"write(/etc/**)\","
                "                    \"ask\":{\"x\":1},\"defaults\":{\"bash\":\"maybe\",\"edit\":\"deny\"}}"),
            &errors);
        QCOMPARE(errors.size(), 5); // mode, 3, "bash(", ask object, defaults.bash
        QCOMPARE(policy.mode(), ApprovalMode::Ask);
        QCOMPARE(policy.rules().size(), 3);
        QCOMPARE(policy.defaultFor(QStringLiteral("edit")), PolicyRule::Action::Deny);
        QCOMPARE(policy.defaultFor(QStringLiteral("bash")), PolicyRule::Action::Ask);
        // Round trip through JSON.
        QStringList again;
        const Policy copy = Policy::fromJson(policy.toJson(), &again);
        QVERIFY(again.isEmpty());
        QCOMPARE(copy.rules(), policy.rules());
    }

    void mergeAndRuntimeRules()
    {
        Policy settings = Policy::fromJson(obj("{\"deny\":[\"bash(git push*)\"]}"));
        const Policy agent
            = Policy::fromJson(obj("{\"allow\":[\"bash\"],\"defaults\":{\"write\":\"deny\"}}"));
        settings.merge(agent);
        const PolicySubject push { QStringLiteral("bash"), PolicySubject::Kind::Command,
            QStringLiteral("git push") };
        QCOMPARE(settings.decide(push).action, PolicyRule::Action::Deny);
        QCOMPARE(settings.defaultFor(QStringLiteral("write")), PolicyRule::Action::Deny);

        Policy runtime;
        const PolicySubject make { QStringLiteral("bash"), PolicySubject::Kind::Command,
            QStringLiteral("make -j2") };
        QCOMPARE(runtime.decide(make).action, PolicyRule::Action::Ask);
        runtime.addRule(Policy::proposeRule(make));
        runtime.addRule(Policy::proposeRule(make)); // no duplicates
        QCOMPARE(runtime.rules().size(), 1);
        QCOMPARE(runtime.decide(make).action, PolicyRule::Action::Allow);
        QVERIFY(runtime.removeRule(Policy::proposeRule(make)));
        QCOMPARE(runtime.decide(make).action, PolicyRule::Action::Ask);
    }

    void proposeRule_data()
    {
        QTest::addColumn<QString>("tool");
        QTest::addColumn<QString>("inputJson");
        QTest::addColumn<QString>("rule");

        QTest::newRow("git push") << u"bash"_s << u"{\"command\":\"git push origin main\"}"_s
                                  << u"bash(git push*)"_s;
        QTest::newRow("ls flags") << u"bash"_s << u"{\"command\":\"ls -la\"}"_s << u"bash(ls*)"_s;
        QTest::newRow("absolute program")
            << u"bash"_s << u"{\"command\":\"/usr/bin/make all\"}"_s << u"bash(/usr/bin/make*)"_s;
        QTest::newRow("compound exact") << u"bash"_s << u"{\"command\":\"a && b\"}"_s << u"bash(a && b)"_s;
        QTest::newRow("glob chars escaped")
            << u"bash"_s << u"{\"command\":\"echo * && ls ?\"}"_s << u"bash(echo \\* && ls \\?)"_s;
        QTest::newRow("file in folder")
            << u"write"_s << u"{\"path\":\"src/a.cpp\"}"_s << u"write(/home/u/proj/src/**)"_s;
        QTest::newRow("top level file") << u"write"_s << u"{\"path\":\"/a.txt\"}"_s << u"write(/a.txt)"_s;
        QTest::newRow("weird folder")
            << u"edit"_s << u"{\"path\":\"/home/u/we*ird/a\"}"_s << u"edit(/home/u/we\\*ird/**)"_s;
    }

    void proposeRule()
    {
        QFETCH(QString, tool);
        QFETCH(QString, inputJson);
        QFETCH(QString, rule);
        const QJsonObject input = QJsonDocument::fromJson(inputJson.toUtf8()).object();
        const PolicySubject subject = PolicySubject::fromToolInput(tool, input, Cwd, Home);
        const PolicyRule proposed = Policy::proposeRule(subject);
        QCOMPARE(proposed.toString(), rule);
        QCOMPARE(proposed.action, PolicyRule::Action::Allow);
        // The proposed rule, once added, allows the very call it was proposed for.
        Policy policy;
        policy.setDefault(tool, PolicyRule::Action::Ask);
        QCOMPARE(policy.decide(subject, Cwd, Home).action, PolicyRule::Action::Ask);
        const auto parsed = PolicyRule::parse(proposed.toString(), PolicyRule::Action::Allow);
        QVERIFY(parsed.has_value());
        policy.addRule(*parsed);
        QCOMPARE(policy.decide(subject, Cwd, Home).action, PolicyRule::Action::Allow);
    }

    void approvalModeNames()
    {
        QCOMPARE(approvalModeFromName(QStringLiteral(" AUTO ")), ApprovalMode::Auto);
        QCOMPARE(approvalModeFromName(QStringLiteral("ask")), ApprovalMode::Ask);
        QCOMPARE(approvalModeFromName(QStringLiteral("deny")), ApprovalMode::Deny);
        QVERIFY(!approvalModeFromName(QStringLiteral("yes")).has_value());
        QVERIFY(!approvalModeFromName(QString()).has_value());
        QCOMPARE(approvalModeName(ApprovalMode::Auto), QStringLiteral("auto"));
    }
};

QTEST_GUILESS_MAIN(TestPolicy)
#include "tst_policy.moc"
