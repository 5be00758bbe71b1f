print("hibana")
