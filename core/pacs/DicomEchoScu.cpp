#include "core/pacs/DicomEchoScu.h"

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcuid.h"
#include "dcmtk/dcmnet/dimse.h"
#include "dcmtk/dcmnet/diutil.h"

#include "core/pacs/DicomAssociation.h"

namespace segloop {

void echoDicomNode(const DicomNode& node) {
    DicomAssociation association(
        node, {{UID_VerificationSOPClass,
                {UID_LittleEndianExplicitTransferSyntax, UID_LittleEndianImplicitTransferSyntax}}});
    association.contextFor(UID_VerificationSOPClass);
    DIC_US status = 0;
    DcmDataset* statusDetail = nullptr;
    const OFCondition condition =
        DIMSE_echoUser(association.get(), association.nextMessageId(), DIMSE_NONBLOCKING,
                       association.dimseTimeoutSeconds(), &status, &statusDetail);
    delete statusDetail;
    if (condition.bad()) {
        throw association.failure("C-ECHO", condition);
    }
    association.release();
    if (status != STATUS_Success) {
        throw Error(association.subject(),
                    "C-ECHO answered with " + describeDimseStatus(status, DU_cechoStatusString));
    }
}

}  // namespace segloop
