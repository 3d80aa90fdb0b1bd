// Names and values clients write into requests: permission patterns (PERM-1), tenant scope
// entries (SCOPE-1), RFC 3339 timestamps (PAT-8) and display text (names, descriptions).
#include "FuzzInput.h"
#include "domain/Catalogue.h"
#include "domain/DisplayText.h"
#include "domain/Permission.h"
#include "domain/TenantScope.h"
#include "domain/Timestamp.h"

using namespace tessera;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    static const auto catalogue = domain::Catalogue::defaults();
    auto text = fuzz::asText(data, size);
    if (auto pattern = domain::parsePermissionPattern(text)) {
        auto again = domain::parsePermissionPattern(pattern->text());
        fuzz::require(again && *again == *pattern);
    }
    std::string_view group, action;
    if (domain::splitPermission(text, group, action))
        fuzz::require(group.size() + action.size() + 1 == text.size());
    if (auto entry = domain::parseScopeEntry(text)) {
        auto again = domain::parseScopeEntry(entry->text());
        fuzz::require(again && *again == *entry);
    }
    if (auto at = domain::parseTimestamp(text))
        fuzz::require(domain::parseTimestamp(domain::formatTimestamp(*at)) == at);
    (void)domain::isDisplaySafe(text);
    (void)catalogue.validate({std::string(text)});
    return 0;
}
