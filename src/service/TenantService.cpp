#include "service/TenantService.h"

#include "crypto/Ids.h"
#include "domain/DisplayText.h"
#include "service/AccessPolicy.h"
#include "service/AuditScope.h"

namespace tessera::service {

using namespace tessera::domain;

namespace {

Result<void> validateTenantText(const std::string& name, const std::string& description) {
    if (name.empty() || name.size() > 200) {
        return fail(ErrorCode::InvalidRequest, "name must be 1 to 200 characters", {"name"});
    }
    if (auto safe = checkDisplaySafe(name, "name"); !safe) return safe;
    return checkDisplaySafe(description, "description");
}

}  // namespace

Result<TenantRef> TenantService::find(const Principal& caller, std::string_view locator) const {
    auto tenant = lookup(caller, locator);
    if (!tenant) return fail(ErrorCode::NotFound, "no such tenant");
    return tenant;
}

TenantRef TenantService::lookup(const Principal& caller, std::string_view locator) const {
    auto tenant = context_.directory.findTenant(locator);
    if (!tenant || tenant->businessAccount != caller.businessAccount()) return nullptr;
    return tenant;
}

store::WriteBatch TenantService::batchFor(const Tenant& tenant, std::string eventType) {
    store::WriteBatch batch;
    batch.putTenants.push_back(tenant);
    batch.events.push_back(auditEvent(std::move(eventType), tenant.businessAccount,
                                      {{"tenantLocator", tenant.locator},
                                       {"tenantName", tenant.name},
                                       {"type", std::string(nameOf(tenant.type))}}));
    return batch;
}

Result<TenantRef> TenantService::create(const Principal& caller, const std::string& name,
                                        const std::string& type, const std::string& description) {
    TESSERA_TRY(validateTenantText(name, description));
    auto parsed = parseName<TenantType>(type);
    if (!parsed || !isLive(*parsed)) {
        return fail(ErrorCode::InvalidRequest, "type must be test or production", {"type"});
    }
    Tenant tenant;
    tenant.locator = crypto::newUuid(context_.random);
    tenant.businessAccount = caller.businessAccount();
    tenant.name = name;
    tenant.type = *parsed;
    tenant.description = description;
    tenant.createdAt = tenant.updatedAt = context_.clock.now();
    tenant.createdBy = caller.account().locator;
    auto written = context_.writer.write(
        [&]() -> Result<store::WriteBatch> { return batchFor(tenant, "auth.tenant.create"); });
    TESSERA_TRY(written);
    return context_.directory.findTenant(tenant.locator);
}

Result<TenantRef> TenantService::change(const Principal& caller, std::string_view locator,
                                        std::string eventType,
                                        const std::function<Result<void>(Tenant&)>& edit) {
    std::string key(locator);
    auto written = context_.writer.write([&]() -> Result<store::WriteBatch> {
        // From the tenant as the write commits against it: a rename never undoes a retirement.
        auto found = find(caller, key);
        TESSERA_TRY(found);
        Tenant tenant = **found;
        TESSERA_TRY(edit(tenant));
        tenant.updatedAt = context_.clock.now();
        return batchFor(tenant, std::move(eventType));
    });
    TESSERA_TRY(written);
    return context_.directory.findTenant(key);
}

Result<TenantRef> TenantService::update(const Principal& caller, std::string_view locator,
                                        const std::string& name, const std::string& description) {
    TESSERA_TRY(validateTenantText(name, description));
    return change(caller, locator, "auth.tenant.update", [&](Tenant& tenant) -> Result<void> {
        tenant.name = name;
        tenant.description = description;
        return {};
    });
}

Result<TenantRef> TenantService::retire(const Principal& caller, std::string_view locator) {
    return change(caller, locator, "auth.tenant.retire", [&](Tenant& tenant) -> Result<void> {
        if (!isLive(tenant.type)) return fail(ErrorCode::Conflict, "the tenant is already retired");
        tenant.type = TenantType::Retired;
        return {};
    });
}

std::vector<TenantRef> TenantService::reachable(const Principal& caller) const {
    std::vector<TenantRef> out;
    for (auto& tenant : context_.directory.tenantsOf(caller.businessAccount())) {
        if (reaches(caller, *tenant)) out.push_back(std::move(tenant));
    }
    return out;
}

std::vector<TenantRef> TenantService::managed(const Principal& caller) const {
    std::vector<TenantRef> out;
    for (auto& tenant : context_.directory.tenantsOf(caller.businessAccount())) {
        if (manages(caller, *tenant)) out.push_back(std::move(tenant));
    }
    return out;
}

}  // namespace tessera::service
