#include "imageviewerdialog.h"

#include "ui_imageviewerdialog.h"

#include <QFileDialog>
#include <QGuiApplication>
#include <QMessageBox>
#include <QSaveFile>
#include <QScreen>
#include <QScrollBar>

namespace Proto {

ImageViewerDialog::ImageViewerDialog(const QByteArray &encoded, const QString &title, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ImageViewerDialog>())
    , m_encoded(encoded)
    , m_image(QImage::fromData(encoded))
{
    m_ui->setupUi(this);
    if (!title.isEmpty())
        setWindowTitle(title);
    m_ui->sizeLabel->setText(m_image.isNull()
            ? tr("The image cannot be decoded.")
            : tr("%1 × %2 pixels").arg(m_image.width()).arg(m_image.height()));
    m_ui->saveButton->setEnabled(!m_encoded.isEmpty());
    connect(m_ui->fitCheck, &QCheckBox::toggled, this, &ImageViewerDialog::updatePixmap);
    connect(m_ui->saveButton, &QPushButton::clicked, this, &ImageViewerDialog::saveAs);
    // Large enough to see a screenshot, never larger than the screen.
    QSize size = m_image.isNull() ? QSize(480, 320) : m_image.size() + QSize(40, 80);
    if (const QScreen *screen = parent ? parent->screen() : QGuiApplication::primaryScreen())
        size = size.boundedTo(screen->availableSize() * 0.9);
    resize(size.expandedTo(QSize(360, 240)));
    updatePixmap();
}

ImageViewerDialog::~ImageViewerDialog() = default;

bool ImageViewerDialog::isFitting() const
{
    return m_ui->fitCheck->isChecked();
}

void ImageViewerDialog::setFitting(bool fit)
{
    m_ui->fitCheck->setChecked(fit);
}

void ImageViewerDialog::resizeEvent(QResizeEvent *event)
{
    QDialog::resizeEvent(event);
    if (isFitting())
        updatePixmap();
}

void ImageViewerDialog::updatePixmap()
{
    if (m_image.isNull())
        return;
    QImage shown = m_image;
    shown.setDevicePixelRatio(1.0); // 1:1 is one image pixel per logical pixel
    const QSize room = m_ui->scrollArea->viewport()->size() - QSize(2, 2);
    if (isFitting() && (m_image.width() > room.width() || m_image.height() > room.height())) {
        const qreal dpr = devicePixelRatioF();
        shown = m_image.scaled(room * dpr, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        shown.setDevicePixelRatio(dpr);
    }
    const QPixmap pixmap = QPixmap::fromImage(shown);
    m_ui->imageLabel->setPixmap(pixmap);
    m_ui->imageLabel->resize(pixmap.deviceIndependentSize().toSize());
}

bool ImageViewerDialog::saveTo(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_encoded) != m_encoded.size() || !file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void ImageViewerDialog::saveAs()
{
    const bool jpeg = m_encoded.startsWith("\xff\xd8");
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Image"),
        jpeg ? QStringLiteral("screenshot.jpg") : QStringLiteral("screenshot.png"),
        jpeg ? tr("JPEG images (*.jpg *.jpeg)") : tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!saveTo(path, &error))
        QMessageBox::warning(this, tr("Save Image"), tr("The image could not be saved: %1").arg(error));
}

} // namespace Proto
