// libFuzzer target for the bash parser and the policy over it: any text as a command line. Checks
// that parsing ends, that a command holding a control character (other than tab and newline) is
// never allowed, and that the decision is the same when the line is decided twice. Built only
// when the compiler supports -fsanitize=fuzzer (the `fuzz` preset).
#include "policy.h"
#include "shellinspector.h"

#include <QJsonDocument>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace Proto;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 8192)
        return 0;
    const QString command = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    static const Policy policy = Policy::fromJson(QJsonDocument::fromJson(
        "{\"allow\":[\"bash(ls*)\",\"bash(cat*)\",\"bash(echo*)\",\"bash(git status*)\","
        "\"write(out.txt)\"],\"deny\":[\"bash(git push*)\",\"bash(rm *)\"]}")
            .object());
    const PolicySubject subject { QStringLiteral("bash"), PolicySubject::Kind::Command, command };
    const PolicyDecision first
        = policy.decide(subject, QStringLiteral("/home/u/proj"), QStringLiteral("/home/u"));
    const PolicyDecision again
        = policy.decide(subject, QStringLiteral("/home/u/proj"), QStringLiteral("/home/u"));
    if (first.action != again.action || first.reason.isEmpty())
        std::abort();
    bool control = false;
    for (const QChar c : command)
        control = control || (c.unicode() < 0x20 && c != u'\t' && c != u'\n') || c.unicode() == 0x7f;
    if (control && first.action == PolicyRule::Action::Allow)
        std::abort();
    const ShellInspection inspection(command);
    if (!inspection.understood() && first.action == PolicyRule::Action::Allow)
        std::abort(); // no exact-line rule in this policy, so nothing not understood may pass
    (void)Policy::proposeRule(subject);
    return 0;
}
