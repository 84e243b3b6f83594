#include "agentactivityview.h"

#include "ptyfeeder.h"

#include <QAction>
#include <QBuffer>
#include <QVBoxLayout>
#include <qtermwidget.h>

namespace Proto {

namespace {

const QByteArray kReset = QByteArrayLiteral("\x1b[0m");
const QByteArray kDim = QByteArrayLiteral("\x1b[2m");
const QByteArray kPromptColor = QByteArrayLiteral("\x1b[1;36m");
const QByteArray kFolderColor = QByteArrayLiteral("\x1b[34m");
const QByteArray kCommandColor = QByteArrayLiteral("\x1b[1m");
const QByteArray kOkColor = QByteArrayLiteral("\x1b[32m");
const QByteArray kFailColor = QByteArrayLiteral("\x1b[1;31m");

QString shortId(const QString &id)
{
    return id.size() > 8 ? id.right(8) : id;
}

QByteArray oneLine(const QString &text)
{
    QString flat = text;
    flat.replace(QLatin1Char('\n'), QStringLiteral(" ⏎ "));
    // A command line is shown, never interpreted: no escapes at all.
    QByteArray bytes = flat.toUtf8();
    QByteArray out;
    out.reserve(bytes.size());
    for (const char c : std::as_const(bytes)) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f)
            out.append('?');
        else
            out.append(c);
    }
    return out;
}

} // namespace

AgentActivityView::AgentActivityView(const TerminalSettings &settings, QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_terminal = new QTermWidget(0, this);
    m_terminal->setObjectName(QStringLiteral("agentActivity"));
    m_terminal->setScrollBarPosition(QTermWidget::ScrollBarRight);
    m_terminal->setAutoClose(false);
    m_terminal->setMargin(4);
    m_terminal->setTerminalSizeHint(false);
    settings.applyTo(m_terminal);
    m_terminal->startTerminalTeletype();
    // Key presses go nowhere: sendData is left unconnected, so the view is read-only.
    m_feeder = new PtyFeeder(m_terminal->getPtySlaveFd(), PtyFeeder::Mode::Text, this);
    layout->addWidget(m_terminal);
    setFocusProxy(m_terminal);

    auto *copy = new QAction(tr("Copy"), this);
    copy->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(copy, &QAction::triggered, m_terminal, &QTermWidget::copyClipboard);
    addAction(copy);
    auto *find = new QAction(tr("Find"), this);
    find->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    find->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(find, &QAction::triggered, m_terminal, &QTermWidget::toggleShowSearchBar);
    addAction(find);

    // No cursor: nothing is typed here.
    m_feeder->write(QByteArrayLiteral("\x1b[?25l"));
    write(kDim + tr("Commands the agent runs in this session appear here.").toUtf8() + kReset + '\n');
}

AgentActivityView::~AgentActivityView()
{
    delete m_feeder; // it watches the widget's pty, which goes with the widget
}

void AgentActivityView::applySettings(const TerminalSettings &settings)
{
    settings.applyTo(m_terminal);
}

QString AgentActivityView::screenText() const
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    m_terminal->saveHistory(&buffer);
    return QString::fromUtf8(buffer.data());
}

void AgentActivityView::write(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return;
    m_feeder->write(bytes);
    m_atLineStart = bytes.endsWith('\n');
}

void AgentActivityView::commandStarted(
    const QString &id, const QString &command, const QString &workingDirectory)
{
    Running running;
    running.command = command;
    running.timer.start();
    m_running.insert(id, running);

    QByteArray header;
    if (!m_atLineStart)
        header += kReset + '\n';
    header += '\n' + kPromptColor + QByteArrayLiteral("agent") + kReset;
    if (!workingDirectory.isEmpty())
        header += ' ' + kFolderColor + oneLine(workingDirectory) + kReset;
    header += ' ' + kPromptColor + '$' + kReset + ' ' + kCommandColor + oneLine(command) + kReset + '\n';
    write(header);
    m_current = id;
}

void AgentActivityView::switchTo(const QString &id)
{
    if (m_current == id)
        return;
    // Output of another command than the one shown last: say whose it is.
    QByteArray header;
    if (!m_atLineStart)
        header += kReset + '\n';
    const auto it = m_running.constFind(id);
    const QString command = it != m_running.constEnd() ? it->command : QString();
    header += kDim + QByteArrayLiteral("… [") + oneLine(shortId(id)) + QByteArrayLiteral("] ")
        + oneLine(command.left(60)) + kReset + '\n';
    write(header);
    m_current = id;
}

void AgentActivityView::output(const QString &id, const QByteArray &chunk)
{
    switchTo(id);
    auto it = m_running.find(id);
    QByteArray clean = it != m_running.end() ? sanitize(chunk, &it->carry) : sanitize(chunk, nullptr);
    write(clean);
}

void AgentActivityView::commandFinished(const QString &id, int exitCode)
{
    const auto it = m_running.constFind(id);
    const qint64 ms = it != m_running.constEnd() ? it->timer.elapsed() : -1;
    switchTo(id);
    QByteArray footer;
    if (!m_atLineStart)
        footer += kReset + '\n';
    footer += (exitCode == 0 ? kOkColor : kFailColor)
        + (exitCode == 0 ? QByteArrayLiteral("✓") : QByteArrayLiteral("✗")) + ' '
        + tr("exit %1").arg(exitCode).toUtf8() + kReset;
    if (ms >= 0)
        footer += kDim + QByteArrayLiteral(" · ")
            + QByteArray::number(double(ms) / 1000.0, 'f', ms < 10000 ? 2 : 1) + QByteArrayLiteral(" s")
            + kReset;
    footer += '\n';
    write(footer);
    m_running.remove(id);
    m_current.clear();
}

void AgentActivityView::clear()
{
    m_terminal->clear();
}

QByteArray AgentActivityView::sanitize(const QByteArray &chunk, QByteArray *carry)
{
    QByteArray in;
    if (carry) {
        in = *carry + chunk;
        carry->clear();
    } else {
        in = chunk;
    }
    QByteArray out;
    out.reserve(in.size());
    const qsizetype n = in.size();
    qsizetype i = 0;
    while (i < n) {
        const auto c = static_cast<unsigned char>(in.at(i));
        if (c == 0x1b) {
            if (i + 1 >= n) {
                if (carry)
                    *carry = in.mid(i);
                break;
            }
            const char kind = in.at(i + 1);
            if (kind == '[') {
                // CSI: parameters 0x30-0x3f, intermediates 0x20-0x2f, final 0x40-0x7e.
                qsizetype j = i + 2;
                while (j < n && static_cast<unsigned char>(in.at(j)) >= 0x20
                    && static_cast<unsigned char>(in.at(j)) <= 0x3f)
                    ++j;
                if (j >= n) {
                    if (carry && n - i < 64)
                        *carry = in.mid(i);
                    break;
                }
                const char final = in.at(j);
                bool plainParams = true;
                for (qsizetype k = i + 2; k < j; ++k) {
                    const char p = in.at(k);
                    if (!((p >= '0' && p <= '9') || p == ';' || p == ':'))
                        plainParams = false;
                }
                if (final == 'm' && plainParams)
                    out.append(in.constData() + i, j - i + 1);
                i = j + 1;
                continue;
            }
            if (kind == ']' || kind == 'P' || kind == '_' || kind == '^' || kind == 'X') {
                // OSC / DCS / APC / PM / SOS: skip to BEL or ST.
                qsizetype j = i + 2;
                while (j < n && in.at(j) != '\a' && !(in.at(j) == 0x1b && j + 1 < n && in.at(j + 1) == '\\'))
                    ++j;
                if (j >= n) {
                    if (carry && n - i < 4096)
                        *carry = in.mid(i);
                    break;
                }
                i = in.at(j) == '\a' ? j + 1 : j + 2;
                continue;
            }
            // Two-byte escapes (ESC c, ESC 7, charset selection ...): drop them.
            i += (kind == '(' || kind == ')' || kind == '*' || kind == '+' || kind == '#') ? 3 : 2;
            continue;
        }
        if ((c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7f) {
            ++i;
            continue;
        }
        out.append(char(c));
        ++i;
    }
    return out;
}

} // namespace Proto
