return graph:path("dprk", "siberia", {direction = "both"}), graph:path("camp-1", "russia"),
  graph:path("dprk", "dprk"), graph:path("dprk", "camp-1", {direction = "out", types = {"located_in"}})
