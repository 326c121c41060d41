# The LTX-2.3 typed models, validation and presets (namespace fal::ltx). Paths are relative to src/.
set(falcpp_ltx_sources
  ltx/budgets.cpp
  ltx/cost.cpp
  ltx/describe.cpp
  ltx/enums.cpp
  ltx/image_to_video.cpp
  ltx/json_mapping.cpp
  ltx/presets.cpp
  ltx/reference_video_to_video.cpp
  ltx/render_to_real.cpp
  ltx/rules.cpp
  ltx/text_to_video.cpp
  ltx/trigger.cpp
  ltx/validate.cpp
)
