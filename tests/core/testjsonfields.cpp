#include "common/dataerror.h"
#include "common/jsonfields.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

using namespace deepterra;

// The typed reading of JSON sections (projects, model specs, training configurations): every value
// out of its type or range is a DataError naming the file and the key, never a wrong or undefined value.
class TestJsonFields : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void integersInRangeAreRead();
    void integersBeyondTheRangeOrIntAreRefused_data();
    void integersBeyondTheRangeOrIntAreRefused();
    void integerBeyondItsRangeIsRefused();

private:
    static JsonFields fields(const QJsonObject &object)
    {
        return JsonFields(object, QStringLiteral("/data/model.json"), QStringLiteral("model"));
    }
    static QString refusal(const std::function<void()> &read)
    {
        try {
            read();
        } catch (const DataError &e) {
            return e.message();
        }
        return {};
    }
};

void TestJsonFields::integersInRangeAreRead()
{
    const JsonFields f = fields({ { QStringLiteral("units"), QJsonArray { 1, 64, 100000 } } });
    QCOMPARE(f.integers(QStringLiteral("units"), {}, 1, 100000), (std::vector<int> { 1, 64, 100000 }));
    QCOMPARE(f.integers(QStringLiteral("absent"), { 7 }, 1, 10), (std::vector<int> { 7 }));
}

void TestJsonFields::integersBeyondTheRangeOrIntAreRefused_data()
{
    QTest::addColumn<double>("value");
    QTest::newRow("above the maximum") << 100001.0;
    QTest::newRow("below the minimum") << 0.0;
    QTest::newRow("not whole") << 2.5;
    // Found by fuzzing (tests/fuzz/corpus/trainingconfig/crash-a73f...): converted to int unchecked.
    QTest::newRow("beyond int") << 8.88889e+123;
    QTest::newRow("just beyond int") << 2147483648.0;
}

void TestJsonFields::integersBeyondTheRangeOrIntAreRefused()
{
    QFETCH(double, value);
    const JsonFields f = fields({ { QStringLiteral("units"), QJsonArray { 8, value } } });
    const QString message = refusal([&] { f.integers(QStringLiteral("units"), {}, 1, 100000); });
    QVERIFY2(message.contains(QLatin1String("/data/model.json")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("units[1]")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("in [1, 100000]")), qPrintable(message));
}

void TestJsonFields::integerBeyondItsRangeIsRefused()
{
    const JsonFields f = fields({ { QStringLiteral("depth"), 1e200 } });
    const QString message = refusal([&] { f.integer(QStringLiteral("depth"), 3, 1, 6); });
    QVERIFY2(message.contains(QLatin1String("depth")) && message.contains(QLatin1String("in [1, 6]")),
             qPrintable(message));
}

QTEST_GUILESS_MAIN(TestJsonFields)
#include "testjsonfields.moc"
