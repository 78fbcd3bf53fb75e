#include "report/reportwriter.h"

#include "common/atomicfile.h"
#include "common/dataerror.h"
#include "report/reporthtml.h"

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QFont>
#include <QPainter>
#include <QPdfWriter>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextObjectInterface>

#include <map>

namespace deepterra {

namespace {

constexpr int kFigureObject = QTextFormat::UserObject + 1;
constexpr int kFigureId = QTextFormat::UserProperty + 1;
constexpr int kFigureSize = QTextFormat::UserProperty + 2;
constexpr int kDpi = 96; // CSS pixels: figure sizes and image widths mean the same on the page
constexpr double kMarginMm = 18.0;

// Draws a figure's recorded vector commands where the document lays it out.
class FigureObject : public QObject, public QTextObjectInterface
{
    Q_OBJECT
    Q_INTERFACES(QTextObjectInterface)

public:
    explicit FigureObject(const std::vector<ReportFigure> &figures)
    {
        for (const ReportFigure &figure : figures)
            if (!figure.picture.isNull())
                m_figures.emplace(figure.id, &figure);
    }

    bool has(const QString &id) const { return m_figures.count(id) > 0; }

    QSizeF intrinsicSize(QTextDocument *, int, const QTextFormat &format) override
    {
        return format.property(kFigureSize).toSizeF();
    }

    void drawObject(QPainter *painter, const QRectF &rect, QTextDocument *, int,
                    const QTextFormat &format) override
    {
        const auto found = m_figures.find(format.property(kFigureId).toString());
        if (found == m_figures.end())
            return;
        const ReportFigure &figure = *found->second;
        painter->save();
        painter->translate(rect.topLeft());
        painter->scale(rect.width() / figure.size.width(), rect.height() / figure.size.height());
        painter->drawPicture(0, 0, figure.picture);
        painter->restore();
    }

private:
    std::map<QString, const ReportFigure *> m_figures;
};

// The figure:<id> images that have vector drawings become objects the FigureObject draws.
void useVectorFigures(QTextDocument &document, const FigureObject &handler)
{
    struct Found
    {
        int position;
        QString id;
        QSizeF size;
    };
    std::vector<Found> found;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next())
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            if (!fragment.charFormat().isImageFormat())
                continue;
            const QTextImageFormat image = fragment.charFormat().toImageFormat();
            const QString prefix = ReportHtml::figureUrl(QString());
            if (!image.name().startsWith(prefix) || !handler.has(image.name().mid(prefix.size())))
                continue;
            found.push_back({ fragment.position(), image.name().mid(prefix.size()),
                              QSizeF(image.width(), image.height()) });
        }
    QTextCursor cursor(&document);
    for (auto it = found.rbegin(); it != found.rend(); ++it) {
        cursor.setPosition(it->position);
        cursor.setPosition(it->position + 1, QTextCursor::KeepAnchor);
        QTextCharFormat object;
        object.setObjectType(kFigureObject);
        object.setProperty(kFigureId, it->id);
        object.setProperty(kFigureSize, it->size);
        cursor.insertText(QString(QChar::ObjectReplacementCharacter), object);
    }
}

QByteArray pngOf(const QImage &image)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

int writePdf(const ReportRequest &request, const QString &html, const std::vector<ReportFigure> &figures)
{
    AtomicFile file(request.output, QStringLiteral(".partial.pdf"));
    int pages = 0;
    {
        QPdfWriter writer(file.temporaryPath());
        writer.setResolution(kDpi);
        writer.setPageSize(
            QPageSize(request.page == ReportRequest::Page::Letter ? QPageSize::Letter : QPageSize::A4));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        writer.setTitle(QStringLiteral("Deepterra report"));
        writer.setCreator(QStringLiteral("Deepterra"));
        const QSizeF page = writer.pageLayout().fullRectPixels(kDpi).size();
        const double margin = kMarginMm / 25.4 * kDpi;

        QTextDocument document;
        document.documentLayout()->setPaintDevice(&writer);
        QFont font(QStringLiteral("DejaVu Sans"));
        font.setPointSizeF(9.5);
        // No ligatures: "fi" drawn as one glyph reads back as U+FB01, and a reader searching the
        // PDF for "classified" would not find it.
        font.setStyleStrategy(QFont::PreferNoShaping);
        document.setDefaultFont(font);
        for (const ReportFigure &figure : figures)
            document.addResource(QTextDocument::ImageResource, QUrl(ReportHtml::figureUrl(figure.id)),
                                 figure.image);
        document.setHtml(html);
        FigureObject handler(figures);
        document.documentLayout()->registerHandler(kFigureObject, &handler);
        useVectorFigures(document, handler);
        // Each page of the layout carries the margins: the document's pages are the paper's.
        document.setPageSize(page);
        QTextFrameFormat root = document.rootFrame()->frameFormat();
        root.setMargin(margin);
        document.rootFrame()->setFrameFormat(root);

        QPainter painter;
        if (!painter.begin(&writer))
            throw DataError(request.output,
                            QStringLiteral("cannot be written (the folder is missing or read-only)"));
        QFont footer = font;
        footer.setPointSizeF(8);
        pages = document.pageCount();
        for (int p = 0; p < pages; ++p) {
            if (p > 0)
                writer.newPage();
            painter.save();
            painter.translate(0, -p * page.height());
            QAbstractTextDocumentLayout::PaintContext context;
            context.clip = QRectF(0, p * page.height(), page.width(), page.height());
            context.palette.setColor(QPalette::Text, Qt::black);
            document.documentLayout()->draw(&painter, context);
            painter.restore();
            painter.setFont(footer);
            painter.setPen(Qt::darkGray);
            painter.drawText(
                QRectF(margin, page.height() - margin * 0.75, page.width() - 2 * margin, margin * 0.5),
                Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("%1 / %2").arg(p + 1).arg(pages));
        }
        painter.end();
    }
    file.commit();
    return pages;
}

} // namespace

QString ReportWriter::selfContained(const QString &html, const std::vector<ReportFigure> &figures)
{
    QString result = html;
    for (const ReportFigure &figure : figures)
        result.replace(QStringLiteral("src=\"%1\"").arg(ReportHtml::figureUrl(figure.id)),
                       QStringLiteral("src=\"data:image/png;base64,%1\"")
                           .arg(QString::fromLatin1(pngOf(figure.image).toBase64())));
    // Browsers: the page's width and the figures' scaling (QTextDocument ignores these rules).
    result.replace(
        QStringLiteral("</head>"),
        QStringLiteral(
            "<style>body { max-width: 60em; margin: 2em auto; } img { max-width: 100%; height: auto; } "
            "td, th { font-size: 9pt; }</style></head>"));
    return result;
}

int ReportWriter::write(const ReportRequest &request, const QString &html,
                        const std::vector<ReportFigure> &figures)
{
    if (request.isPdf())
        return writePdf(request, html, figures);
    AtomicFile::write(request.output, selfContained(html, figures).toUtf8(),
                      QStringLiteral("cannot be written"));
    return 0;
}

} // namespace deepterra

#include "reportwriter.moc"
