#include "service/TenantService.h"

#include "crypto/Ids.h"
#include "service/AccessPolicy.h"
#include "service/AuditScope.h"

namespace tessera::service {

using namespace tessera::domain;

namespace {

Result<void> validateTenantName(const std::string& name) {
    if (name.empty() || name.size() > 200) {
        return fail(ErrorCode::InvalidRequest, "name must be 1 to 200 characters", {"name"});
    }
    return {};
}

}  // namespace

Result<TenantRef> TenantService::find(const Principal& caller, std::string_view locator) const {
    auto tenant = directory_.findTenant(locator);
    if (!tenant || tenant->businessAccount != caller.businessAccount()) {
        return fail(ErrorCode::NotFound, "no such tenant");
    }
    return tenant;
}

Result<TenantRef> TenantService::save(const Tenant& tenant, std::string eventType) {
    auto written = writer_.write([&]() -> Result<store::WriteBatch> {
        store::WriteBatch batch;
        batch.putTenants.push_back(tenant);
        batch.events.push_back(auditEvent(std::move(eventType), tenant.businessAccount,
                                          {{"tenantLocator", tenant.locator},
                                           {"tenantName", tenant.name},
                                           {"type", std::string(tenantTypeName(tenant.type))}}));
        return batch;
    });
    if (!written) return std::unexpected(written.error());
    return directory_.findTenant(tenant.locator);
}

Result<TenantRef> TenantService::create(const Principal& caller, const std::string& name,
                                        const std::string& type, const std::string& description) {
    if (auto valid = validateTenantName(name); !valid) return std::unexpected(valid.error());
    auto parsed = parseTenantType(type);
    if (!parsed || !isLive(*parsed)) {
        return fail(ErrorCode::InvalidRequest, "type must be test or production", {"type"});
    }
    Tenant tenant;
    tenant.locator = crypto::newUuid(random_);
    tenant.businessAccount = caller.businessAccount();
    tenant.name = name;
    tenant.type = *parsed;
    tenant.description = description;
    tenant.createdAt = tenant.updatedAt = clock_.now();
    tenant.createdBy = caller.account().locator;
    return save(tenant, "auth.tenant.create");
}

Result<TenantRef> TenantService::update(const Principal& caller, std::string_view locator,
                                        const std::string& name, const std::string& description) {
    auto found = find(caller, locator);
    if (!found) return std::unexpected(found.error());
    if (auto valid = validateTenantName(name); !valid) return std::unexpected(valid.error());
    Tenant tenant = **found;
    tenant.name = name;
    tenant.description = description;
    tenant.updatedAt = clock_.now();
    return save(tenant, "auth.tenant.update");
}

Result<TenantRef> TenantService::retire(const Principal& caller, std::string_view locator) {
    auto found = find(caller, locator);
    if (!found) return std::unexpected(found.error());
    if (!isLive((*found)->type)) return fail(ErrorCode::Conflict, "the tenant is already retired");
    Tenant tenant = **found;
    tenant.type = TenantType::Retired;
    tenant.updatedAt = clock_.now();
    return save(tenant, "auth.tenant.retire");
}

std::vector<TenantRef> TenantService::reachable(const Principal& caller) const {
    std::vector<TenantRef> out;
    for (auto& tenant : directory_.tenantsOf(caller.businessAccount())) {
        if (reaches(caller, *tenant)) out.push_back(std::move(tenant));
    }
    return out;
}

}  // namespace tessera::service
