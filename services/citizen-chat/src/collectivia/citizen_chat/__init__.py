"""CollectivIA citizen chat: the citizens' virtual assistant."""
