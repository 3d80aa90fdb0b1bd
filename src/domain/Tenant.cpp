#include "domain/Tenant.h"

#include "domain/NamedValues.h"

namespace tessera::domain {
namespace {

constexpr NamedValues<TenantType, 4> kTypes{{{
    {TenantType::Test, "test"},
    {TenantType::Production, "production"},
    {TenantType::Retired, "retired"},
    {TenantType::Deleted, "deleted"},
}}};
static_assert(kTypes.namesEachValueOnce());

}  // namespace

std::string_view tenantTypeName(TenantType type) {
    return kTypes.name(type);
}

std::optional<TenantType> parseTenantType(std::string_view text) {
    return kTypes.parse(text);
}

}  // namespace tessera::domain
