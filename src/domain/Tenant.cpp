#include "domain/Tenant.h"

namespace tessera::domain {

std::string_view tenantTypeName(TenantType type) {
    switch (type) {
        case TenantType::Test:
            return "test";
        case TenantType::Production:
            return "production";
        case TenantType::Retired:
            return "retired";
        case TenantType::Deleted:
            return "deleted";
    }
    return "test";
}

std::optional<TenantType> parseTenantType(std::string_view text) {
    if (text == "test") return TenantType::Test;
    if (text == "production") return TenantType::Production;
    if (text == "retired") return TenantType::Retired;
    if (text == "deleted") return TenantType::Deleted;
    return std::nullopt;
}

}  // namespace tessera::domain
