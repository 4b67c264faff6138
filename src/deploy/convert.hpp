// From the stack file's YAML to the JSON requests the AWS APIs take. The sections that mirror
// an API request (eks.cluster, eks.addons[], hyperpod.cluster) are converted member by member
// against that request's shape in the service model, so an unknown member, a word where a
// number belongs, or a broken ${reference} is reported where it was written; the model's own
// constraints (lengths, ranges, patterns, enums, required members) are then checked with the
// same validator the emulator runs (model::validate).
#pragma once

#include "deploy/document.hpp"
#include "model/model.hpp"

#include <boost/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace hpl::deploy {

// A ${reference} lookup: the value (a string, or a list for e.g. ${network.subnetIds}), or
// nullopt when no such reference exists.
using Resolver = std::function<std::optional<boost::json::value>(std::string_view reference)>;

// The value of a stack reference that is not known until apply creates what it names.
inline constexpr std::string_view kKnownAfterApply = "(known after apply)";

struct ConvertContext {
  const Resolver& resolve;
  Findings& findings;
};

// `node` as a value of `shape`. Problems become findings; the offending member is left out.
boost::json::value to_request(const model::Shape& shape, const Node& node, const std::string& path,
                              ConvertContext& ctx);

// A schemaless YAML value (a policy document, tags) as JSON: plain true/false become
// booleans, plain integers numbers, anything else a string; references are substituted.
boost::json::value to_plain_json(const Node& node, const std::string& path, ConvertContext& ctx);

// A scalar with its references substituted: "${eks.arn}" becomes the ARN (or a list), and
// "arn:aws:iam::${account}:role/x" has the account id spliced in.
boost::json::value interpolate(const Node& scalar, const std::string& path, ConvertContext& ctx);

// Checks `request` against the model's constraints and reports each failure at the YAML
// position its path leads to (`node` is the YAML the request was converted from).
void check_constraints(const model::Shape& shape, const boost::json::object& request,
                       const Node& node, const std::string& path, Findings& findings);

// The closest of `candidates` to `word` (case-insensitive edit distance), or "" when none is
// close enough to be a likely typo.
std::string closest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace hpl::deploy
