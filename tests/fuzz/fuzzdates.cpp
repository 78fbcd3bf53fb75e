#include "fuzzinput.h"
#include "series/dateparser.h"

#include <QStringList>

// Dates of CSV series: each line of the input is a sample; the format is detected from them, then
// every line is parsed with the detected format and with each format named explicitly.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace deepterra;
    const QStringList samples = QString::fromUtf8(fuzz::bytes(data, size)).split(QLatin1Char('\n'));
    const DateFormat detected = DateParser::detect(samples);
    (void)DateParser::name(detected);
    for (const QString &sample : samples) {
        (void)DateParser::parse(sample, detected);
        (void)DateParser::parse(sample, DateFormat::Auto);
    }
    return 0;
}
