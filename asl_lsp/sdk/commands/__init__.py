"""sdk/commands"""
