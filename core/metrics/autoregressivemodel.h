#pragma once

#include <QJsonObject>
#include <QString>
#include <QtGlobal>

#include <cstddef>
#include <limits>
#include <vector>

namespace deepterra {

// An autoregressive model with intercept, y[t] = c + phi_1 y[t-1] + ... + phi_p y[t-p] + e[t],
// fitted by ordinary least squares on the training part of a series: the statistical baseline a
// climatologist compares a neural forecaster with. Matches statsmodels' AutoReg(y, lags=p,
// trend="c") and, for the order, ar_select_order(y, maxlag, ic="aic", trend="c") where that picks
// an order of at least 1.
//
// The regression rows are the times t whose value and p lagged values are all known: NaN gaps
// drop the rows that touch them (statsmodels refuses NaN). The least squares are solved by a
// Householder QR of the centred lag columns, never by inverting X'X, so that a nearly collinear
// system (a noise-free sinusoid is exactly AR(2)) is detected rather than solved into garbage;
// the order then drops to the largest that is well posed and note() says so.
class AutoregressiveModel
{
public:
    // An empty model: forecasts NaN, and ForecastEvaluation leaves it out.
    AutoregressiveModel() = default;

    // AR(order) on `values`; the first `order` values only serve as lags. Empty (with a note)
    // when fewer than order + 2 rows are complete or the values are constant.
    static AutoregressiveModel fit(const std::vector<double> &values, int order);

    // The order in 1..maxOrder with the lowest AIC, every order compared on the SAME rows (the
    // first maxOrder values held back, as ar_select_order does, so that a longer model does not
    // win by being scored on fewer values), then fitted with fit(values, order) on all its rows.
    static AutoregressiveModel select(const std::vector<double> &values, int maxOrder);

    // The largest order select() tries for `count` training values: 12 (a year of monthly
    // values), or the season when it is a little longer (24 hours of an hourly series), and never
    // more than count / 4 so that the held-back values and parameters leave most rows to fit.
    static int defaultMaxOrder(qint64 count, int seasonLength);

    bool isEmpty() const { return m_coefficients.empty(); }
    int order() const { return int(m_coefficients.size()); }
    double intercept() const { return m_intercept; }
    const std::vector<double> &coefficients() const { return m_coefficients; } // phi_1..phi_p
    double sigma2() const { return m_sigma2; } // residual sum of squares / rows, as statsmodels
    qint64 rowCount() const { return m_rows; } // regression rows of the fit
    int maxOrder() const { return m_maxOrder; } // 0 for fit(), the limit for select()
    // -2 log-likelihood + 2 (p + 2), over the rows all orders shared (select() only; NaN for fit()).
    double aic() const { return m_aic; }
    // The AIC of orders 1..n in select(), NaN for the orders it could not fit.
    const std::vector<double> &aicByOrder() const { return m_aicByOrder; }
    // Why the model is empty or of a lower order than asked; empty when nothing went wrong.
    const QString &note() const { return m_note; }

    // The `steps` values after values[origin], each one-step forecast fed back as the next lag.
    // NaN throughout when the model is empty, origin + 1 < order or a needed value is NaN.
    std::vector<double> forecast(const std::vector<double> &values, std::size_t origin, int steps) const;

    // {"order", "maxOrder", "intercept", "coefficients": [phi_1, ...], "sigma2", "aic", "rows",
    //  "note"}; NaN is written as null.
    QJsonObject toJson() const;

private:
    double m_intercept = 0.0;
    std::vector<double> m_coefficients;
    double m_sigma2 = std::numeric_limits<double>::quiet_NaN();
    double m_aic = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> m_aicByOrder;
    qint64 m_rows = 0;
    int m_maxOrder = 0;
    QString m_note;
};

} // namespace deepterra
