#include "service/BusinessAccountChange.h"

namespace tessera::service {

Result<void> changeBusinessAccount(Writer& writer, const Directory& directory,
                                   std::string_view name,
                                   const std::function<void(domain::BusinessAccount&)>& change,
                                   domain::AuditEvent event) {
    return writer.write([&]() -> Result<store::WriteBatch> {
        auto account = directory.findBusinessAccount(name);
        if (!account) return fail(ErrorCode::NotFound, "no such business account");
        auto changed = *account;
        change(changed);
        store::WriteBatch batch;
        batch.putBusinessAccounts.push_back(std::move(changed));
        event.businessAccount = account->name;
        batch.events.push_back(std::move(event));
        return batch;
    });
}

}  // namespace tessera::service
