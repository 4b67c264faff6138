// What ListClusters and ListClusterNodes share: time windows, sorting and paging.
#pragma once

#include "aws/time.hpp"
#include "services/common.hpp"
#include "services/sagemaker/errors.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

namespace hpl::sagemaker {

struct ListRow {
  std::string name;
  std::int64_t created = 0;  // epoch ms
  boost::json::object view;
};

// Whether an epoch-millisecond time falls inside the request's <prefix>After/Before window.
inline bool in_window(const boost::json::object& in, std::string_view prefix, std::int64_t t_ms) {
  double t = aws::epoch_seconds(t_ms);
  auto after = in.find(std::string(prefix) + "After");
  if (after != in.end() && after->value().is_number() && t <= after->value().to_number<double>()) {
    return false;
  }
  auto before = in.find(std::string(prefix) + "Before");
  return before == in.end() || !before->value().is_number() ||
         t < before->value().to_number<double>();
}

// Sorts by SortBy (CREATION_TIME by default, or NAME) and SortOrder (Ascending by default),
// then cuts the page MaxResults long starting where NextToken says; sets out["NextToken"].
inline boost::json::array page(std::vector<ListRow>& rows, const boost::json::object& in,
                               boost::json::object& out) {
  bool by_name = svc::str(in, "SortBy", "CREATION_TIME") == "NAME";
  std::stable_sort(rows.begin(), rows.end(), [by_name](const ListRow& a, const ListRow& b) {
    return by_name ? a.name < b.name : std::tie(a.created, a.name) < std::tie(b.created, b.name);
  });
  if (svc::str(in, "SortOrder", "Ascending") == "Descending")
    std::reverse(rows.begin(), rows.end());
  std::int64_t max_results = svc::opt_int(in, "MaxResults").value_or(100);
  std::size_t offset = 0;
  if (auto token = svc::opt_str(in, "NextToken")) {
    std::string pos = svc::page_position(*token, errors::validation("Invalid pagination token."));
    offset = pos.find_first_not_of("0123456789") == std::string::npos && !pos.empty()
                 ? std::stoul(pos)
                 : rows.size();
  }
  boost::json::array items;
  for (std::size_t i = offset; i < rows.size(); ++i) {
    if (static_cast<std::int64_t>(items.size()) == max_results) {
      out["NextToken"] = svc::page_token(std::to_string(i));
      break;
    }
    items.push_back(std::move(rows[i].view));
  }
  return items;
}

}  // namespace hpl::sagemaker
