#include "common/dataerror.h"
#include "filesizelimit.h"
#include "inference/forecastjob.h"
#include "inference/inferencemodel.h"
#include "jobs/feedback.h"
#include "testdata.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <stdexcept>

using namespace deepterra;
using namespace deepterra::test;

// ForecastJob refuses, before the series or the model is read, an output that would destroy an
// input: the series CSV itself (under any spelling) or the exported model. The forecasts
// themselves are TestSeriesForecaster's.
class TestForecastJob : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void outputThatIsAnInputIsRefused_data();
    void outputThatIsAnInputIsRefused();

private:
    QTemporaryDir m_dir;
    QString m_series;
    QString m_model;
};

namespace {

// A model that must never be used: the check comes before any use.
class UntouchableModel : public InferenceModel
{
public:
    explicit UntouchableModel(QString path)
        : m_path(std::move(path))
    { }
    const RunMetadata &metadata() const override { throw std::logic_error("the model was used"); }
    QString displayPath() const override { return m_path; }
    InferenceNetwork &network() const override { throw std::logic_error("the model was used"); }

private:
    QString m_path;
};

bool writePlain(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

void TestForecastJob::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_series = m_dir.filePath(QStringLiteral("co2.csv"));
    QVERIFY(writePlain(m_series, "date,co2\n2020-01-01,410.1\n2020-02-01,411.2\n"));
    m_model = m_dir.filePath(QStringLiteral("forecaster.pt"));
    QVERIFY(writePlain(m_model, "not read"));
}

void TestForecastJob::outputThatIsAnInputIsRefused_data()
{
    QTest::addColumn<QString>("output");
    QTest::addColumn<QString>("input");
    QTest::newRow("the series") << QStringLiteral("co2.csv") << QStringLiteral("co2.csv");
    QTest::newRow("the series, another spelling")
        << QStringLiteral("sub/../co2.csv") << QStringLiteral("co2.csv");
    QTest::newRow("the model") << QStringLiteral("forecaster.pt") << QStringLiteral("forecaster.pt");
}

void TestForecastJob::outputThatIsAnInputIsRefused()
{
    QFETCH(QString, output);
    QFETCH(QString, input);
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("sub")));
    const QString inputPath = m_dir.filePath(input);
    const QByteArray before = fileBytes(inputPath);
    ForecastRequest request;
    request.series = m_series;
    request.output = m_dir.filePath(output);
    ForecastJob job(std::make_shared<UntouchableModel>(m_model), request);
    Feedback feedback;
    QString named;
    QString cause;
    try {
        cause = dataErrorCause([&] { job.run(feedback); }, &named);
    } catch (const std::logic_error &e) {
        QFAIL(e.what());
    }
    QCOMPARE(named, request.output);
    QVERIFY2(cause.contains(QStringLiteral("same file as the input")), qPrintable(cause));
    QCOMPARE(fileBytes(inputPath), before);
    QCOMPARE(job.rowsWritten(), 0);
}

QTEST_GUILESS_MAIN(TestForecastJob)
#include "testforecastjob.moc"
