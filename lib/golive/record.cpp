#include "lib/golive/record.hpp"

namespace rg::golive {

void merge_record(json& base, const json& update) {
  if (!base.is_object() || !update.is_object()) {
    base = update;
    return;
  }
  for (auto it = update.begin(); it != update.end(); ++it) {
    json& mine = base[it.key()];
    const json& theirs = it.value();
    if (mine.is_object() && theirs.is_object()) {
      merge_record(mine, theirs);
    } else if (mine.is_array() && theirs.is_array()) {
      for (const auto& el : theirs) {
        bool merged = false;
        if (el.is_object() && el.contains("id"))
          for (auto& existing : mine)
            if (existing.is_object() && existing.value("id", json()) == el["id"]) {
              merge_record(existing, el);
              merged = true;
              break;
            }
        if (!merged && std::find(mine.begin(), mine.end(), el) == mine.end()) mine.push_back(el);
      }
    } else {
      mine = theirs;
    }
  }
}

json parse_record(std::string_view text) {
  json j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return json{{"unparsed", std::string(text)}};
  return j;
}

std::string dump_record(const json& record) {
  return record.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

const json* find_by_id(const json& record, std::string_view array, std::string_view id) {
  auto it = record.find(std::string(array));
  if (it == record.end() || !it->is_array()) return nullptr;
  for (const auto& el : *it)
    if (el.is_object() && el.contains("id") && el["id"].is_string() && el["id"].get<std::string>() == id)
      return &el;
  return nullptr;
}

} // namespace rg::golive
