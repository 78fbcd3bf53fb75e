list(APPEND DEEPTERRA_CORE_SOURCES
    jobs/feedback.cpp
    jobs/feedback.h
    jobs/functionjob.h
    jobs/job.h
    jobs/jobcanceled.h
    jobs/jobpool.cpp
    jobs/jobpool.h
    jobs/jobresult.h
    jobs/jobrunner.cpp
    jobs/jobrunner.h
    jobs/latestjobrunner.cpp
    jobs/latestjobrunner.h
    jobs/ownerthreadcalls.cpp
    jobs/ownerthreadcalls.h
    jobs/workerthreadpriority.cpp
    jobs/workerthreadpriority.h
)
