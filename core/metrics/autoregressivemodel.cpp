#include "metrics/autoregressivemodel.h"

#include "metrics/jsonnumber.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <optional>

namespace deepterra {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kPi = 3.14159265358979323846;

// A lag column whose part not explained by the shorter lags is smaller than this share of its
// own (centred) size is treated as a combination of them: its coefficient would be noise over
// rounding error. Far below any real series' partial correlation, far above double rounding.
constexpr double kCollinear = 1e-9;

// The rows t >= lags whose value and `lags` predecessors are all known.
std::vector<std::size_t> completeRows(const std::vector<double> &values, int lags)
{
    std::vector<std::size_t> rows;
    std::size_t run = 0; // known values ending at t
    for (std::size_t t = 0; t < values.size(); ++t) {
        run = std::isfinite(values[t]) ? run + 1 : 0;
        if (run > std::size_t(lags))
            rows.push_back(t);
    }
    return rows;
}

// The regression of values[t] on values[t-1..t-lags] over `rows`, centred (which takes the
// intercept out exactly) and reduced by Householder reflections to R (upper triangular) and Q'y.
// The residual sum of squares of the first p lags is the sum of squares of qty[p..]: one
// triangularisation scores every order.
struct LagRegression
{
    std::size_t rows = 0;
    int lags = 0;
    int rank = 0; // the leading lags that are well posed
    double yMean = 0.0;
    std::vector<double> xMeans; // per lag
    std::vector<double> x; // column-major rows x lags; R in its upper triangle after reduce()
    std::vector<double> qty;

    LagRegression(const std::vector<double> &values, const std::vector<std::size_t> &at, int lagCount)
        : rows(at.size())
        , lags(lagCount)
        , xMeans(std::size_t(lagCount), 0.0)
        , x(at.size() * std::size_t(lagCount))
        , qty(at.size())
    {
        for (std::size_t i = 0; i < rows; ++i) {
            qty[i] = values[at[i]];
            for (int k = 0; k < lags; ++k)
                x[std::size_t(k) * rows + i] = values[at[i] - std::size_t(k) - 1];
        }
        yMean = centre(qty.data());
        for (int k = 0; k < lags; ++k)
            xMeans[std::size_t(k)] = centre(&x[std::size_t(k) * rows]);
        reduce();
    }

    double rss(int order) const
    {
        double sum = 0.0;
        for (std::size_t i = std::size_t(order); i < rows; ++i)
            sum += qty[i] * qty[i];
        return sum;
    }

    // Back substitution for the first `order` lags (order <= rank).
    std::vector<double> solve(int order) const
    {
        std::vector<double> beta(std::size_t(order), 0.0);
        for (int j = order - 1; j >= 0; --j) {
            double sum = qty[std::size_t(j)];
            for (int k = j + 1; k < order; ++k)
                sum -= at(j, k) * beta[std::size_t(k)];
            beta[std::size_t(j)] = sum / at(j, j);
        }
        return beta;
    }

private:
    double &at(int row, int column) { return x[std::size_t(column) * rows + std::size_t(row)]; }
    double at(int row, int column) const { return x[std::size_t(column) * rows + std::size_t(row)]; }

    double centre(double *column) const
    {
        double sum = 0.0;
        for (std::size_t i = 0; i < rows; ++i)
            sum += column[i];
        const double mean = sum / double(rows);
        for (std::size_t i = 0; i < rows; ++i)
            column[i] -= mean;
        return mean;
    }

    static double norm(const double *v, std::size_t n)
    {
        // Scaled, so that neither huge nor tiny values over- or underflow the squares.
        double scale = 0.0;
        for (std::size_t i = 0; i < n; ++i)
            scale = std::max(scale, std::abs(v[i]));
        if (scale == 0.0)
            return 0.0;
        double sum = 0.0;
        for (std::size_t i = 0; i < n; ++i)
            sum += (v[i] / scale) * (v[i] / scale);
        return scale * std::sqrt(sum);
    }

    void reduce()
    {
        std::vector<double> columnNorms(std::size_t(lags), 0.0);
        for (int k = 0; k < lags; ++k)
            columnNorms[std::size_t(k)] = norm(&x[std::size_t(k) * rows], rows);
        for (int j = 0; j < lags && std::size_t(j) < rows; ++j) {
            double *column = &x[std::size_t(j) * rows];
            const double remainder = norm(column + j, rows - std::size_t(j));
            if (!(remainder > kCollinear * columnNorms[std::size_t(j)]))
                return; // this lag and the longer ones are not well posed
            // The reflection H = I - 2 v v' / v'v that maps column[j..] onto alpha e_j.
            const double alpha = column[j] > 0.0 ? -remainder : remainder;
            std::vector<double> v(column + j, column + rows);
            v[0] -= alpha;
            double vv = 0.0;
            for (double e : v)
                vv += e * e;
            const auto reflect = [&](double *target) {
                double dot = 0.0;
                for (std::size_t i = 0; i < v.size(); ++i)
                    dot += v[i] * target[std::size_t(j) + i];
                const double f = 2.0 * dot / vv;
                for (std::size_t i = 0; i < v.size(); ++i)
                    target[std::size_t(j) + i] -= f * v[i];
            };
            for (int k = j + 1; k < lags; ++k)
                reflect(&x[std::size_t(k) * rows]);
            reflect(qty.data());
            column[j] = alpha;
            std::fill(column + j + 1, column + rows, 0.0);
            rank = j + 1;
        }
    }
};

// The regression on `lags` lags over the complete rows of `values`; nullopt, with `why` said,
// when too few rows are complete or the values are constant.
std::optional<LagRegression> regress(const std::vector<double> &values, int lags, QString &why)
{
    const std::vector<std::size_t> rows = completeRows(values, lags);
    if (rows.size() < std::size_t(lags) + 2) {
        why = QStringLiteral(
                  "%1 lag(s) need at least %2 values with their %1 predecessors known; the training "
                  "period has %3")
                  .arg(lags)
                  .arg(lags + 2)
                  .arg(rows.size());
        return std::nullopt;
    }
    LagRegression regression(values, rows, lags);
    if (regression.rank == 0) {
        why = QStringLiteral("the training values are constant: no autoregressive model");
        return std::nullopt;
    }
    return regression;
}

double aicOf(double rss, std::size_t rows, int order)
{
    const double n = double(rows);
    const double sigma2 = rss / n;
    if (!(sigma2 > 0.0))
        return -std::numeric_limits<double>::infinity(); // a perfect fit: nothing beats it
    const double logLikelihood = -n / 2.0 * (std::log(2.0 * kPi * sigma2) + 1.0);
    return -2.0 * logLikelihood + 2.0 * double(order + 2);
}

} // namespace

AutoregressiveModel AutoregressiveModel::fit(const std::vector<double> &values, int order)
{
    AutoregressiveModel model;
    if (order < 1) {
        model.m_note
            = QStringLiteral("an autoregressive model needs an order of at least 1 (got %1)").arg(order);
        return model;
    }
    const std::optional<LagRegression> regression = regress(values, order, model.m_note);
    if (!regression)
        return model;
    if (regression->rank < order) {
        AutoregressiveModel lower = fit(values, regression->rank);
        const QString why = QStringLiteral("AR(%1) is singular on the training values (lag %2 is a linear "
                                           "combination of the shorter lags): fitted AR(%3) instead")
                                .arg(order)
                                .arg(regression->rank + 1)
                                .arg(lower.order());
        lower.m_note = lower.m_note.isEmpty() ? why : why + QStringLiteral("; ") + lower.m_note;
        return lower;
    }
    model.m_coefficients = regression->solve(order);
    model.m_intercept = regression->yMean;
    for (int k = 0; k < order; ++k)
        model.m_intercept -= model.m_coefficients[std::size_t(k)] * regression->xMeans[std::size_t(k)];
    model.m_rows = qint64(regression->rows);
    model.m_sigma2 = regression->rss(order) / double(regression->rows);
    return model;
}

AutoregressiveModel AutoregressiveModel::select(const std::vector<double> &values, int maxOrder)
{
    AutoregressiveModel empty;
    empty.m_maxOrder = maxOrder;
    if (maxOrder < 1) {
        empty.m_note = QStringLiteral("the training period is too short for an autoregressive model");
        return empty;
    }
    const std::optional<LagRegression> regression = regress(values, maxOrder, empty.m_note);
    if (!regression)
        return empty;
    std::vector<double> aics(std::size_t(maxOrder), kNaN);
    int best = 1;
    for (int p = 1; p <= regression->rank; ++p) {
        aics[std::size_t(p - 1)] = aicOf(regression->rss(p), regression->rows, p);
        if (aics[std::size_t(p - 1)] < aics[std::size_t(best - 1)])
            best = p;
    }
    AutoregressiveModel model = fit(values, best);
    model.m_maxOrder = maxOrder;
    model.m_aicByOrder = aics;
    if (!model.isEmpty())
        model.m_aic = aics[std::size_t(model.order() - 1)];
    if (regression->rank < maxOrder) {
        const QString why = QStringLiteral("orders above %1 are singular on the training values (lag %2 is a "
                                           "linear combination of the shorter lags) and were not tried")
                                .arg(regression->rank)
                                .arg(regression->rank + 1);
        model.m_note = model.m_note.isEmpty() ? why : why + QStringLiteral("; ") + model.m_note;
    }
    return model;
}

int AutoregressiveModel::defaultMaxOrder(qint64 count, int seasonLength)
{
    const int limit = seasonLength > 12 && seasonLength <= 24 ? seasonLength : 12;
    return int(std::clamp<qint64>(count / 4, 0, limit));
}

std::vector<double> AutoregressiveModel::forecast(const std::vector<double> &values, std::size_t origin,
                                                  int steps) const
{
    std::vector<double> forecasts(std::size_t(std::max(0, steps)), kNaN);
    const std::size_t p = m_coefficients.size();
    if (p == 0 || origin >= values.size() || origin + 1 < p)
        return forecasts;
    // The last p values, oldest first, then the forecasts as they come.
    std::vector<double> history(values.begin() + std::ptrdiff_t(origin + 1 - p),
                                values.begin() + std::ptrdiff_t(origin + 1));
    if (!std::all_of(history.begin(), history.end(), [](double v) { return std::isfinite(v); }))
        return forecasts;
    for (double &next : forecasts) {
        double value = m_intercept;
        for (std::size_t k = 0; k < p; ++k)
            value += m_coefficients[k] * history[history.size() - 1 - k];
        next = value;
        history.push_back(value);
    }
    return forecasts;
}

QJsonObject AutoregressiveModel::toJson() const
{
    QJsonArray coefficients;
    for (double phi : m_coefficients)
        coefficients.append(jsonNumber(phi));
    return QJsonObject { { QStringLiteral("order"), order() },
                         { QStringLiteral("maxOrder"), m_maxOrder },
                         { QStringLiteral("intercept"), isEmpty() ? QJsonValue() : jsonNumber(m_intercept) },
                         { QStringLiteral("coefficients"), coefficients },
                         { QStringLiteral("sigma2"), jsonNumber(m_sigma2) },
                         { QStringLiteral("aic"), jsonNumber(m_aic) },
                         { QStringLiteral("rows"), QJsonValue(m_rows) },
                         { QStringLiteral("note"), m_note } };
}

} // namespace deepterra
