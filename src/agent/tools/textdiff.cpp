#include "textdiff.h"

#include <dtl/dtl.hpp>
#include <string>
#include <vector>

namespace Proto {

namespace {

// Each element is one line with its '\n' (the last may lack it), so "x" and "x\n" differ.
std::vector<std::string> splitKeepingNewlines(const QString &text)
{
    std::vector<std::string> lines;
    const QByteArray utf8 = text.toUtf8();
    qsizetype start = 0;
    while (start < utf8.size()) {
        qsizetype end = utf8.indexOf('\n', start);
        end = end < 0 ? utf8.size() : end + 1;
        lines.emplace_back(utf8.constData() + start, size_t(end - start));
        start = end;
    }
    return lines;
}

void appendLine(QByteArray &out, char mark, const std::string &line)
{
    out.append(mark);
    out.append(line.data(), qsizetype(line.size()));
    if (line.empty() || line.back() != '\n')
        out.append("\n\\ No newline at end of file\n");
}

QByteArray range(long long start, long long count)
{
    // diff -u: "start,count", "start" alone for one line, the line before for none.
    if (count == 1)
        return QByteArray::number(start);
    return QByteArray::number(count == 0 ? start - 1 : start) + ',' + QByteArray::number(count);
}

} // namespace

QString TextDiff::unified(const QString &oldText, const QString &newText, const QString &oldLabel,
    const QString &newLabel, int context, Stats *stats)
{
    if (stats)
        *stats = {};
    if (oldText == newText)
        return {};
    const std::vector<std::string> a = splitKeepingNewlines(oldText);
    const std::vector<std::string> b = splitKeepingNewlines(newText);
    dtl::Diff<std::string, std::vector<std::string>> diff(a, b, true);
    if (a.size() + b.size() > 20000)
        diff.onHuge();
    diff.compose();

    // Walk the edit script ourselves: group changes with `context` lines around them.
    using SesElem = std::pair<std::string, dtl::elemInfo>;
    const std::vector<SesElem> ses = diff.getSes().getSequence();
    QByteArray out;
    out.append("--- " + oldLabel.toUtf8() + '\n');
    out.append("+++ " + newLabel.toUtf8() + '\n');
    const qsizetype n = qsizetype(ses.size());
    qsizetype i = 0;
    long long oldLine = 1, newLine = 1; // line numbers of ses[i]
    std::vector<long long> oldAt(size_t(n) + 1), newAt(size_t(n) + 1);
    for (qsizetype k = 0; k < n; ++k) {
        oldAt[size_t(k)] = oldLine;
        newAt[size_t(k)] = newLine;
        if (ses[size_t(k)].second.type != dtl::SES_ADD)
            ++oldLine;
        if (ses[size_t(k)].second.type != dtl::SES_DELETE)
            ++newLine;
    }
    oldAt[size_t(n)] = oldLine;
    newAt[size_t(n)] = newLine;
    while (i < n) {
        while (i < n && ses[size_t(i)].second.type == dtl::SES_COMMON)
            ++i;
        if (i >= n)
            break;
        const qsizetype start = std::max<qsizetype>(0, i - context);
        // One hunk holds every change closer than 2 * context common lines to the previous one.
        auto isCommon = [&ses](qsizetype index) { return ses[size_t(index)].second.type == dtl::SES_COMMON; };
        qsizetype last = i;
        qsizetype k = i + 1;
        while (k < n) {
            if (!isCommon(k)) {
                last = k++;
                continue;
            }
            qsizetype run = k;
            while (run < n && isCommon(run))
                ++run;
            if (run < n && run - k <= 2 * context) {
                k = run;
                continue;
            }
            break;
        }
        const qsizetype end = std::min<qsizetype>(n, last + 1 + context);
        long long oldCount = 0, newCount = 0;
        QByteArray body;
        for (qsizetype at = start; at < end; ++at) {
            const SesElem &e = ses[size_t(at)];
            if (e.second.type == dtl::SES_COMMON) {
                appendLine(body, ' ', e.first);
                ++oldCount, ++newCount;
            } else if (e.second.type == dtl::SES_DELETE) {
                appendLine(body, '-', e.first);
                ++oldCount;
                if (stats)
                    ++stats->removed;
            } else {
                appendLine(body, '+', e.first);
                ++newCount;
                if (stats)
                    ++stats->added;
            }
        }
        out.append("@@ -" + range(oldAt[size_t(start)], oldCount) + " +"
            + range(newAt[size_t(start)], newCount) + " @@\n");
        out.append(body);
        i = end;
    }
    return QString::fromUtf8(out);
}

} // namespace Proto
