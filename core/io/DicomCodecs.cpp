#include "core/io/DicomCodecs.h"

#include <mutex>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcrledrg.h"
#include "dcmtk/dcmjpeg/djdecode.h"
#include "dcmtk/dcmjpls/djdecode.h"
#include "dcmtk/oflog/oflog.h"

namespace segloop {

void registerDicomCodecs() {
    static std::once_flag once;
    std::call_once(once, [] {
        DJDecoderRegistration::registerCodecs();
        DJLSDecoderRegistration::registerCodecs();
        DcmRLEDecoderRegistration::registerCodecs();
    });
}

void silenceDicomToolkitLog() {
    OFLog::configure(OFLogger::OFF_LOG_LEVEL);
}

}  // namespace segloop
