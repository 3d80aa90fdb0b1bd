#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/NamedValues.h"
#include "domain/Timestamp.h"

namespace tessera::domain {

// TEN-1
enum class TenantType { Test, Production, Retired, Deleted };
constexpr NamedValues<TenantType, 4> stableNames(TenantType) {
    return {{{
        {TenantType::Test, "test"},
        {TenantType::Production, "production"},
        {TenantType::Retired, "retired"},
        {TenantType::Deleted, "deleted"},
    }}};
}
// Retired and deleted tenants grant nothing to anyone (TEN-1).
inline bool isLive(TenantType type) {
    return type == TenantType::Test || type == TenantType::Production;
}

struct Tenant {
    std::string locator;  // UUID
    std::string businessAccount;
    std::string name;
    TenantType type = TenantType::Test;
    std::string description;
    Timestamp createdAt{};
    std::string createdBy;
    Timestamp updatedAt{};
    // How many times the store wrote it; a write must name the revision it was prepared from, so
    // that no writer (instance, operator command) undoes another's change unseen.
    std::int64_t revision = 0;
};

}  // namespace tessera::domain
