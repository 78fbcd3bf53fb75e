#include "inference/uncertaintysettings.h"

#include <QtTest>

using namespace deepterra;

class TestUncertaintySettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesEachMethod();
    void refusesTyposAndSayWhatIsAccepted();
    void namesReadBack();
};

void TestUncertaintySettings::parsesEachMethod()
{
    UncertaintySettings s;
    QString error;
    QVERIFY(UncertaintySettings::parse(QStringLiteral("mc-dropout:7"), &s, &error));
    QCOMPARE(s.method, UncertaintyMethod::McDropout);
    QCOMPARE(s.passes, 7);
    QCOMPARE(s.passCount(), 7);
    QVERIFY(UncertaintySettings::parse(QStringLiteral(" MC-Dropout "), &s, &error));
    QCOMPARE(s.passes, UncertaintySettings::kDefaultPasses);
    QVERIFY(UncertaintySettings::parse(QStringLiteral("tta"), &s, &error));
    QCOMPARE(s.method, UncertaintyMethod::TestTimeAugmentation);
    QCOMPARE(s.passCount(), 8);
    QVERIFY(UncertaintySettings::parse(QStringLiteral("none"), &s, &error));
    QVERIFY(!s.enabled());
    QCOMPARE(s.passCount(), 1);
}

void TestUncertaintySettings::refusesTyposAndSayWhatIsAccepted()
{
    UncertaintySettings s;
    s.method = UncertaintyMethod::TestTimeAugmentation;
    QString error;
    for (const char *bad : { "mc-dropout:1", "mc-dropout:x", "mc-dropout:5000", "dropout", "" }) {
        error.clear();
        QVERIFY2(!UncertaintySettings::parse(QString::fromLatin1(bad), &s, &error), bad);
        QVERIFY2(!error.isEmpty(), bad);
        QCOMPARE(s.method, UncertaintyMethod::TestTimeAugmentation); // left as it was
    }
    QVERIFY(!UncertaintySettings::parse(QStringLiteral("dropout"), &s, &error));
    QVERIFY2(error.contains(QStringLiteral("mc-dropout:N")) && error.contains(QStringLiteral("tta")),
             qPrintable(error));
}

void TestUncertaintySettings::namesReadBack()
{
    for (const char *name : { "none", "tta", "mc-dropout:12" }) {
        UncertaintySettings s;
        QString error;
        QVERIFY(UncertaintySettings::parse(QString::fromLatin1(name), &s, &error));
        QCOMPARE(s.name(), QString::fromLatin1(name));
    }
    QCOMPARE(UncertaintySettings::bandCount(true), 3);
    QCOMPARE(UncertaintySettings::bandCount(false), 1);
    QCOMPARE(UncertaintySettings::bandDescription(false, 0),
             QStringLiteral("reconstruction error standard deviation"));
}

QTEST_GUILESS_MAIN(TestUncertaintySettings)
#include "testuncertaintysettings.moc"
