#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace deepterra {

// A variable of a NetCDF file as a user picks it: what it holds, its shape and its time span.
struct NetCdfVariable
{
    QString name;
    QString longName;
    QString units;
    QStringList dimensions; // slowest first, as in the file: time, y, x
    int width = 0; // size of the last dimension
    int height = 0; // size of the one before (0 for a 1-D variable)
    int timeSteps = 0;
    bool hasTimeAxis = false;
    QDateTime firstTime;
    QDateTime lastTime;

    QString timeDimension; // the dimension whose coordinate has "<unit> since <date>" units
    QString timeUnits;
    QString calendar;
    QString timeAxisProblem; // why a time dimension could not be decoded; empty when it could

    // A 2-D field per time step or a plain 2-D grid: at least two dimensions, and the last two
    // are not time.
    bool isGridded() const
    {
        return dimensions.size() >= 2 && !dimensions.mid(dimensions.size() - 2).contains(timeDimension);
    }
};

} // namespace deepterra
