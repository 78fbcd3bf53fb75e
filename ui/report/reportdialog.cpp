#include "report/reportdialog.h"

#include "common/dataerror.h"
#include "common/outputpathcheck.h"
#include "jobs/feedback.h"
#include "jobs/functionjob.h"
#include "jobs/jobrunner.h"
#include "report/reportfigures.h"
#include "report/reporthtml.h"
#include "report/reportwriter.h"
#include "report/runreportdata.h"

#include <QComboBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace deepterra {

ReportDialog::ReportDialog(const QString &runFolder, const QString &defaultOutput, const QString &map,
                           QWidget *parent)
    : QDialog(parent)
    , m_runFolder(runFolder)
    , m_runner(new JobRunner(this))
{
    setWindowTitle(tr("Export Report of %1").arg(QFileInfo(runFolder).fileName()));
    m_output = new QLineEdit(defaultOutput);
    m_output->setObjectName(QStringLiteral("reportOutput"));
    m_output->setToolTip(tr("A .pdf (A4 or Letter pages, selectable text, vector plots) or a .html file "
                            "(everything embedded, so that it survives being e-mailed)."));
    m_page = new QComboBox;
    m_page->addItem(tr("A4"), int(ReportRequest::Page::A4));
    m_page->addItem(tr("Letter"), int(ReportRequest::Page::Letter));
    m_map = new QLineEdit(map);
    m_map->setObjectName(QStringLiteral("reportMap"));
    m_map->setPlaceholderText(tr("optional: a class map the run predicted"));
    m_map->setToolTip(tr("The map is drawn in the report, and its accuracy and class areas are estimated "
                         "(Olofsson et al. 2014)."));
    m_reference = new QLineEdit;
    m_reference->setObjectName(QStringLiteral("reportReference"));
    m_reference->setPlaceholderText(tr("optional: labelled reference points drawn from the map"));
    m_reference->setToolTip(tr("Points drawn by 'deepterra-cli sample-points' and labelled in a GIS. Without "
                               "them, the map's estimates come from the validation pixels, which are not a "
                               "probability sample: the report says they are indicative only."));
    m_confidence = new QLineEdit(RunReportData::confidenceBeside(map));
    m_confidence->setObjectName(QStringLiteral("reportConfidence"));
    m_confidence->setPlaceholderText(tr("optional: the map's confidence or uncertainty"));
    m_confidence->setToolTip(tr("Drawn in the report beside the map. Filled in when the prediction wrote one "
                                "next to the map."));
    m_problemLabel = new QLabel;
    m_problemLabel->setWordWrap(true);
    m_problemLabel->setStyleSheet(QStringLiteral("color: #c92a2a;"));
    m_progress = new QProgressBar;
    m_progress->setRange(0, 100);
    m_progress->setValue(0);
    m_summary = new QLabel;
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto row = [this](QLineEdit *edit, const QString &title, const QString &filter, bool save) {
        auto *layout = new QHBoxLayout;
        auto *button = new QPushButton(tr("Browse…"));
        layout->addWidget(edit, 1);
        layout->addWidget(button);
        connect(button, &QPushButton::clicked, this, [=] { browse(edit, title, filter, save); });
        return layout;
    };
    auto *form = new QFormLayout;
    form->addRow(tr("Report file"),
                 row(m_output, tr("Write the Report To"), tr("PDF (*.pdf);;HTML (*.html)"), true));
    form->addRow(tr("Paper"), m_page);
    form->addRow(tr("Predicted map"),
                 row(m_map, tr("Predicted Class Map"),
                     tr("Rasters (*.tif *.tiff *.img *.vrt);;All files (*)"), false));
    form->addRow(tr("Confidence map"),
                 row(m_confidence, tr("Confidence or Uncertainty Map"),
                     tr("Rasters (*.tif *.tiff *.img *.vrt);;All files (*)"), false));
    form->addRow(tr("Reference points"),
                 row(m_reference, tr("Labelled Reference Points"),
                     tr("Vector files (*.gpkg *.geojson *.shp);;All files (*)"), false));
    form->addRow(QString(), m_problemLabel);

    auto *buttons = new QDialogButtonBox;
    m_write = buttons->addButton(tr("Write Report"), QDialogButtonBox::AcceptRole);
    m_openButton = buttons->addButton(tr("Open"), QDialogButtonBox::ActionRole);
    m_close = buttons->addButton(QDialogButtonBox::Close);
    m_openButton->setEnabled(false);
    m_write->setDefault(true);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_summary);
    layout->addWidget(buttons);

    for (QLineEdit *edit : { m_output, m_map, m_confidence, m_reference })
        connect(edit, &QLineEdit::textChanged, this, &ReportDialog::validate);
    // The map's own confidence follows the map, until the user chooses one.
    connect(m_confidence, &QLineEdit::textEdited, this, [this] { m_confidenceEdited = true; });
    connect(m_map, &QLineEdit::textChanged, this, [this](const QString &map) {
        if (!m_confidenceEdited)
            m_confidence->setText(RunReportData::confidenceBeside(map.trimmed()));
    });
    connect(m_write, &QPushButton::clicked, this, &ReportDialog::start);
    connect(m_close, &QPushButton::clicked, this, &ReportDialog::reject);
    connect(m_openButton, &QPushButton::clicked, this, [this] {
        const QString file = QFileInfo(m_running.output).absoluteFilePath();
        if (m_open)
            m_open(file);
        else
            QDesktopServices::openUrl(QUrl::fromLocalFile(file));
    });
    connect(m_runner->feedback(), &Feedback::progressChanged, this, [this](double percent) {
        m_progress->setValue(qBound(0, int(percent * (m_writing ? 0.1 : 0.9) + (m_writing ? 90 : 0)), 100));
    });
    connect(m_runner->feedback(), &Feedback::messageLogged, this,
            [this](Feedback::Level, const QString &text) { m_summary->setText(text); });
    resize(640, sizeHint().height());
    validate();
}

ReportDialog::~ReportDialog()
{
    m_runner->cancelAndWait();
}

bool ReportDialog::isRunning() const
{
    return m_runner->isRunning() || m_writing;
}

ReportRequest ReportDialog::request() const
{
    ReportRequest request;
    request.runFolder = m_runFolder;
    request.output = QDir::cleanPath(m_output->text().trimmed());
    request.map = m_map->text().trimmed();
    request.reference = m_reference->text().trimmed();
    request.confidence = m_confidence->text().trimmed();
    request.page = ReportRequest::Page(m_page->currentData().toInt());
    return request;
}

void ReportDialog::validate()
{
    const ReportRequest r = request();
    m_problem.clear();
    const QString suffix = QFileInfo(r.output).suffix().toLower();
    if (r.output.isEmpty())
        m_problem = tr("Choose the report's file.");
    else if (suffix != QLatin1String("pdf") && suffix != QLatin1String("html")
             && suffix != QLatin1String("htm"))
        m_problem = tr("The report's file ends in .pdf or .html.");
    else if (!r.map.isEmpty() && !QFileInfo::exists(r.map))
        m_problem = tr("The map %1 does not exist.").arg(r.map);
    else if (!r.confidence.isEmpty() && !QFileInfo::exists(r.confidence))
        m_problem = tr("The confidence map %1 does not exist.").arg(r.confidence);
    else if (!r.reference.isEmpty() && r.map.isEmpty())
        m_problem = tr("Reference points need the map they were drawn from.");
    else if (!r.reference.isEmpty() && !QFileInfo::exists(r.reference))
        m_problem = tr("The reference points %1 do not exist.").arg(r.reference);
    m_page->setEnabled(suffix == QLatin1String("pdf"));
    m_problemLabel->setText(m_problem);
    m_write->setEnabled(m_problem.isEmpty() && !isRunning());
}

void ReportDialog::browse(QLineEdit *edit, const QString &title, const QString &filter, bool save)
{
    const QString file = save ? QFileDialog::getSaveFileName(this, title, edit->text(), filter)
                              : QFileDialog::getOpenFileName(this, title, edit->text(), filter);
    if (file.isEmpty())
        return;
    m_confidenceEdited = m_confidenceEdited || edit == m_confidence;
    edit->setText(file);
}

void ReportDialog::start()
{
    validate();
    if (!isValid() || isRunning())
        return;
    m_running = request();
    const ReportRequest request = m_running;
    auto data = std::make_shared<RunReportData>();
    m_data = data;
    auto job = std::make_unique<FunctionJob>(
        QStringLiteral("Reading the run"), [request, data](Feedback &feedback) {
            QStringList inputs { request.map, request.confidence, request.reference };
            inputs.removeAll(QString());
            OutputPathCheck::check(inputs, { request.output });
            const QString folder = QFileInfo(request.output).absolutePath();
            if (!QDir().mkpath(folder))
                throw DataError(folder, QStringLiteral("cannot be created"));
            *data = RunReportData::load(request, &feedback);
        });
    disconnect(m_runner, &JobRunner::finished, this, nullptr);
    connect(m_runner, &JobRunner::finished, this, &ReportDialog::onLoaded);
    if (!m_runner->start(std::move(job)))
        return;
    m_progress->setValue(0);
    m_summary->setText(tr("Reading the run…"));
    m_openButton->setEnabled(false);
    m_write->setEnabled(false);
}

void ReportDialog::onLoaded(const JobResult &result)
{
    if (!result.succeeded()) {
        finish(result.status == JobResult::Status::Canceled
                   ? tr("Stopped; nothing was written.")
                   : tr("The report could not be made: %1").arg(result.error));
        if (result.status != JobResult::Status::Canceled)
            Q_EMIT failed(result.error);
        return;
    }
    // The plots are widgets: drawn here, a few milliseconds each; the document is composed and
    // written on the worker.
    m_figures = ReportFigures::draw(*m_data);
    m_writing = true;
    const ReportRequest request = m_running;
    const std::shared_ptr<RunReportData> data = m_data;
    const std::vector<ReportFigure> figures = m_figures;
    auto pages = std::make_shared<int>(0);
    m_pages = pages;
    auto job = std::make_unique<FunctionJob>(QStringLiteral("Writing the report"), [=](Feedback &) {
        *pages = ReportWriter::write(request, ReportHtml::build(*data, figures), figures);
    });
    disconnect(m_runner, &JobRunner::finished, this, nullptr);
    connect(m_runner, &JobRunner::finished, this, &ReportDialog::onWritten);
    m_summary->setText(tr("Writing %1…").arg(QDir::toNativeSeparators(request.output)));
    if (!m_runner->start(std::move(job)))
        finish(tr("The report could not be written."));
}

void ReportDialog::onWritten(const JobResult &result)
{
    m_writing = false;
    if (result.succeeded()) {
        const QString file = QFileInfo(m_running.output).absoluteFilePath();
        const QString size = QLocale().formattedDataSize(QFileInfo(file).size());
        m_progress->setValue(100);
        m_openButton->setEnabled(true);
        finish(
            *m_pages > 0
                ? tr("Wrote %1 (%2 pages, %3).").arg(QDir::toNativeSeparators(file)).arg(*m_pages).arg(size)
                : tr("Wrote %1 (%2).").arg(QDir::toNativeSeparators(file), size));
        Q_EMIT written(file);
    } else {
        finish(tr("The report could not be written: %1").arg(result.error));
        Q_EMIT failed(result.error);
    }
}

void ReportDialog::finish(const QString &summary)
{
    m_writing = false;
    m_data.reset();
    m_figures.clear();
    m_summary->setText(summary);
    validate();
    if (m_closeWhenDone) {
        m_closeWhenDone = false;
        QDialog::reject();
    }
}

void ReportDialog::reject()
{
    if (isRunning()) {
        m_closeWhenDone = true;
        m_runner->cancel();
        return;
    }
    QDialog::reject();
}

} // namespace deepterra
