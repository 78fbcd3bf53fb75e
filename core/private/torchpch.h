// Precompiled header of core's torch translation units: torch/torch.h alone costs 20-40 s per file.
#pragma once
#include <torch/torch.h>
