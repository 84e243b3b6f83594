// The chat view with long conversations (offscreen): only the rows on screen are laid out,
// estimated heights become exact as rows come into view without gaps or overlaps, the document
// cache stays bounded while scrolling through everything, and streamed text is rendered block by
// block with the same text as the finished message.
#include "chatdelegate.h"
#include "chatmodel.h"
#include "chatview.h"

#include <QApplication>
#include <QScrollBar>
#include <QTest>
#include <QTextDocument>

using namespace Proto;
using namespace Qt::StringLiterals;

namespace {

QString reply(int i)
{
    return u"Here is **item %1**, with a list:\n\n- one\n- two\n\n```cpp\nint f(int x)\n{\n    return x * "
           u"%1;\n}\n```\n"
           u"That should do it, and this sentence is long enough to wrap at least once in a narrow view."_s
               .arg(i);
}

void fill(ChatModel &model, int messages)
{
    for (int i = 0; i < messages; ++i) {
        if (i % 2 == 0) {
            model.addUser(u"u%1"_s.arg(i), u"Please look at item %1."_s.arg(i));
        } else {
            model.appendText(u"a%1"_s.arg(i), reply(i));
            model.finishMessage(u"a%1"_s.arg(i));
        }
    }
    model.flush();
}

// The rows on screen touch without gaps or overlaps and are laid out exactly.
void checkVisible(ChatView &view)
{
    const ChatModel &model = *view.chatModel();
    const QRect area = view.viewport()->rect();
    const QModelIndex top = view.indexAt(QPoint(area.width() / 2, 0));
    const QModelIndex bottom = view.indexAt(QPoint(area.width() / 2, area.bottom()));
    QVERIFY(top.isValid());
    const int last = bottom.isValid() ? bottom.row() : model.rowCount() - 1;
    for (int row = top.row(); row <= last; ++row) {
        QVERIFY2(view.chatDelegate()->isExact(model.item(row)), qPrintable(QString::number(row)));
        if (row > top.row())
            QCOMPARE(
                view.visualRect(model.index(row)).top(), view.visualRect(model.index(row - 1)).bottom() + 1);
    }
}

} // namespace

class TestChatView final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void markdownBlocks()
    {
        QCOMPARE(ChatDelegate::markdownBlocks(u"a\n\nb"_s), (QStringList { u"a\n\n"_s, u"b"_s }));
        // A blank line inside fenced code does not split it.
        const QString code = u"```py\nx = 1\n\ny = 2\n```\n\nafter"_s;
        QCOMPARE(ChatDelegate::markdownBlocks(code),
            (QStringList { u"```py\nx = 1\n\ny = 2\n```\n\n"_s, u"after"_s }));
        // Indented continuation stays with its list item; an unfinished fence keeps the rest.
        QCOMPARE(ChatDelegate::markdownBlocks(u"- a\n\n  more\n"_s).size(), 1);
        QCOMPARE(ChatDelegate::markdownBlocks(u"~~~\nopen\n\nstill code"_s).size(), 1);
        // Joined, the blocks are the text.
        const QString text = reply(7) + u"\n\n"_s + reply(8);
        QCOMPARE(ChatDelegate::markdownBlocks(text).join(QString()), text);
    }

    void longConversationLaysOutOnlyWhatIsShown()
    {
        ChatModel model;
        fill(model, 4000);
        ChatView view(&model);
        view.resize(700, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.viewport()->repaint();
        QApplication::processEvents();
        view.viewport()->repaint();

        // Opened at the end, with a handful of documents laid out.
        QVERIFY(view.isFollowing());
        QScrollBar *bar = view.verticalScrollBar();
        QCOMPARE(bar->value(), bar->maximum());
        QVERIFY2(view.chatDelegate()->cachedLayouts() < 40,
            qPrintable(QString::number(view.chatDelegate()->cachedLayouts())));
        const QRect lastRect = view.visualRect(model.index(model.rowCount() - 1));
        QVERIFY(lastRect.bottom() <= view.viewport()->height());
        QVERIFY(lastRect.bottom() >= view.viewport()->height() - 4);
        QVERIFY(!view.chatDelegate()->isExact(model.item(10))); // never shown: estimated
        checkVisible(view);

        // Scrolling through everything keeps the cache bounded and rows exact where shown.
        for (int step = 0; bar->value() > 0 && step < 5000; ++step) {
            bar->setValue(bar->value() - bar->pageStep());
            view.viewport()->repaint();
            QVERIFY(view.chatDelegate()->cachedLayouts() <= ChatDelegate::MaxCachedLayouts);
            if (step % 50 == 0)
                checkVisible(view);
        }
        view.viewport()->repaint();
        QCOMPARE(bar->value(), 0);
        QCOMPARE(view.visualRect(model.index(0)).top(), 0);
        checkVisible(view);
        QVERIFY(!view.isFollowing());
    }

    void streamedTextRendersBlockByBlock()
    {
        ChatModel model;
        ChatView view(&model);
        view.resize(700, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        model.addUser(u"u"_s, u"Tell me"_s);
        const QString text = reply(1) + u"\n\n"_s + reply(2) + u"\n\n"_s + reply(3);
        int previous = 0;
        for (qsizetype i = 0; i < text.size(); i += 40) {
            model.appendText(u"a"_s, text.mid(i, 40));
            model.flush();
            view.viewport()->repaint();
            const int row = model.rowOf(u"a#0"_s) >= 0 ? model.rowOf(u"a#0"_s) : model.rowCount() - 1;
            const int height = view.visualRect(model.index(row)).height();
            QVERIFY(height >= previous - 2); // grows as text arrives (within rounding)
            previous = height;
        }
        const int row = model.rowCount() - 1;
        QVERIFY(model.item(row).streaming);
        QCOMPARE(model.item(row).text, text);
        const int streamedHeight = view.visualRect(model.index(row)).height();
        model.finishMessage(u"a"_s);
        model.flush();
        view.viewport()->repaint();
        const int finishedHeight = view.visualRect(model.index(row)).height();
        // The finished message is one document; block by block it was about as tall.
        QVERIFY2(qAbs(finishedHeight - streamedHeight) < streamedHeight / 5,
            qPrintable(u"%1 vs %2"_s.arg(streamedHeight).arg(finishedHeight)));
        QVERIFY(view.isFollowing());
        checkVisible(view);
    }
};

QTEST_MAIN(TestChatView)
#include "tst_chatview.moc"
