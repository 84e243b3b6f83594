#pragma once

#include <QByteArray>
#include <QDialog>
#include <QImage>

#include <memory>

namespace Proto {

namespace Ui {
class ImageViewerDialog;
}

// A tool's image (a screenshot) at full size (.ui form): fit to the window or 1:1 with
// scrolling, the pixel size, Save As… writes the original bytes unchanged.
class ImageViewerDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageViewerDialog)

public:
    ImageViewerDialog(const QByteArray &encoded, const QString &title, QWidget *parent = nullptr);
    ~ImageViewerDialog() override;

    QImage image() const { return m_image; }
    bool isFitting() const;
    void setFitting(bool fit);
    // Writes the original bytes; false and *error on failure.
    bool saveTo(const QString &path, QString *error = nullptr) const;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void updatePixmap();
    void saveAs();

    std::unique_ptr<Ui::ImageViewerDialog> m_ui;
    QByteArray m_encoded;
    QImage m_image;
};

} // namespace Proto
