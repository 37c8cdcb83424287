#include "storage/ProjectLayout.h"
